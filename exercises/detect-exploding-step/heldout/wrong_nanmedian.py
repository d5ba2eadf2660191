# diagnosis: nonfinite_in_median
import numpy as np


def find_exploding_steps(norms, k):
    values = np.asarray(norms, dtype=np.float64)
    threshold = float(k * np.nanmedian(values))   # ignores the nan steps
    bad = np.isnan(values) | np.isinf(values) | (values > threshold)
    return np.flatnonzero(bad), threshold
