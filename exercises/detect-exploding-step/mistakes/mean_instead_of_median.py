# diagnosis: mean_instead_of_median
import numpy as np


def find_exploding_steps(norms, k):
    values = np.asarray(norms, dtype=np.float64)
    finite = np.isfinite(values)
    threshold = float(k * np.mean(values[finite]))  # the spikes themselves pull the mean up
    return np.flatnonzero(~finite | (values > threshold)), threshold
