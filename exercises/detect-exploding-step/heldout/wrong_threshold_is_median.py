# diagnosis: forgot_k
import numpy as np


def find_exploding_steps(norms, k):
    values = np.asarray(norms, dtype=np.float64)
    finite = np.isfinite(values)
    median = float(np.median(values[finite]))
    steps = np.flatnonzero(~finite | (values > k * median))
    return steps, median
