# diagnosis: wrong_interpolation
import math
import numpy as np


def choose_clip_norm(norms, q, warmup):
    kept = [float(v) for v in np.asarray(norms)[warmup:] if math.isfinite(float(v))]
    kept.sort()
    rank = max(1, math.ceil(q / 100 * len(kept)))       # nearest-rank percentile
    clip_norm = kept[rank - 1]
    return clip_norm, sum(v > clip_norm for v in kept) / len(kept)
