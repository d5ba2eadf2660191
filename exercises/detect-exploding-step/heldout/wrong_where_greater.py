# diagnosis: missed_nonfinite
import numpy as np


def find_exploding_steps(norms, k):
    values = np.array(norms, dtype=np.float64)
    median = np.median(values[np.isfinite(values)])
    threshold = float(k * median)
    steps = np.where(values > threshold)[0]
    return steps, threshold
