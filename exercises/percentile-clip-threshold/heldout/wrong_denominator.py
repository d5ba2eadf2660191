# diagnosis: fraction_denominator
import numpy as np


def choose_clip_norm(norms, q, warmup):
    values = np.asarray(norms, dtype=np.float64)
    kept = values[warmup:]
    kept = kept[np.isfinite(kept)]
    clip_norm = float(np.percentile(kept, q))
    return clip_norm, float(np.sum(kept > clip_norm) / len(values))
