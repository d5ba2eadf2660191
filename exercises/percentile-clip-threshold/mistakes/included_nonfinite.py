# diagnosis: included_nonfinite
import numpy as np


def choose_clip_norm(norms, q, warmup):
    values = np.asarray(norms, dtype=np.float64)[warmup:]
    clip_norm = float(np.percentile(values, q))
    return clip_norm, float(np.mean(values > clip_norm))
