# diagnosis: nonfinite_in_median
import numpy as np


def find_exploding_steps(norms, k):
    values = np.asarray(norms, dtype=np.float64)
    threshold = float(k * np.median(values))  # a single nan makes the median nan
    return np.flatnonzero(values > threshold), threshold
