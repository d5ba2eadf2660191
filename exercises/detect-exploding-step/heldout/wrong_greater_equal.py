# diagnosis: ge_instead_of_gt
import numpy as np


def find_exploding_steps(norms, k):
    values = np.asarray(norms, dtype=np.float64)
    ok = np.isfinite(values)
    threshold = float(k * np.median(values[ok]))
    steps = np.flatnonzero(~ok | (values >= threshold))
    return steps, threshold
