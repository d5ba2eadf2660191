import numpy as np


def choose_clip_norm(norms, q, warmup):
    arr = np.array(norms, dtype=np.float64)
    tail = arr[int(warmup):]
    tail = tail[~(np.isnan(tail) | np.isinf(tail))]
    clip_norm = float(np.quantile(tail, q / 100.0))
    return clip_norm, float(np.count_nonzero(tail > clip_norm)) / tail.size
