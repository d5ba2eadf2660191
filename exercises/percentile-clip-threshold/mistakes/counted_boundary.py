# diagnosis: counted_boundary
import numpy as np


def choose_clip_norm(norms, q, warmup):
    values = np.asarray(norms, dtype=np.float64)[warmup:]
    kept = values[np.isfinite(values)]
    clip_norm = float(np.percentile(kept, q))
    return clip_norm, float(np.mean(kept >= clip_norm))
