# diagnosis: counted_boundary
import numpy as np


def choose_clip_norm(norms, q, warmup):
    v = np.asarray(norms, dtype=np.float64)[warmup:]
    v = v[~np.isnan(v) & ~np.isinf(v)]
    c = np.percentile(v, q)
    return float(c), float((v >= c).mean())
