# diagnosis: missed_nan
import numpy as np


def first_nonfinite(named):
    for name, g in named:
        if g is None:
            continue
        if np.isinf(g.numpy()).any():
            return name
    return None
