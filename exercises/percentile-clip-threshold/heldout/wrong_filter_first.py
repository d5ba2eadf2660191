# diagnosis: warmup_after_filter
import numpy as np


def choose_clip_norm(norms, q, warmup):
    v = np.asarray(norms, dtype=np.float64)
    v = v[np.isfinite(v)][warmup:]
    clip_norm = float(np.percentile(v, q))
    return clip_norm, float(np.mean(v > clip_norm))
