# diagnosis: included_warmup
import numpy as np


def choose_clip_norm(norms, q, warmup):
    v = np.asarray(norms, dtype=np.float64)
    v = v[np.isfinite(v)]
    clip_norm = float(np.percentile(v, q))
    return clip_norm, float(np.mean(v[warmup:] > clip_norm))
