# diagnosis: percent_not_fraction
import numpy as np


def choose_clip_norm(norms, q, warmup):
    kept = np.asarray(norms, dtype=np.float64)[warmup:]
    kept = kept[np.isfinite(kept)]
    clip_norm = float(np.percentile(kept, q))
    percent_clipped = 100.0 * np.count_nonzero(kept > clip_norm) / kept.size
    return clip_norm, float(percent_clipped)
