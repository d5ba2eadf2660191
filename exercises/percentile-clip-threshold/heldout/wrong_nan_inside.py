# diagnosis: included_nonfinite
import numpy as np


def choose_clip_norm(norms, q, warmup):
    v = np.array(norms)[warmup:]
    clip_norm = np.percentile(v, q)
    frac = np.sum(v > clip_norm) / len(v)
    return float(clip_norm), float(frac)
