# diagnosis: not_sorted
import numpy as np


def find_exploding_steps(norms, k):
    values = np.asarray(norms, dtype=np.float64)
    finite = np.isfinite(values)
    threshold = float(k * np.median(values[finite]))
    ranked = np.argsort(np.where(finite, values, np.inf))[::-1]   # worst steps first
    steps = [int(i) for i in ranked if not finite[i] or values[i] > threshold]
    return steps, threshold
