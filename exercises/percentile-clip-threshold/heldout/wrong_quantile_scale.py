# diagnosis: q_scale
import numpy as np


def choose_clip_norm(norms, q, warmup):
    v = np.asarray(norms, dtype=np.float64)[warmup:]
    v = v[np.isfinite(v)]
    c = float(np.percentile(v, q / 100))      # percentile wants a fraction
    return c, float(np.mean(v > c))
