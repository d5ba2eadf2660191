# diagnosis: off_by_one
import numpy as np


def find_exploding_steps(norms, k):
    values = np.asarray(norms, dtype=np.float64)
    finite = np.isfinite(values)
    threshold = float(k * np.median(values[finite]))
    steps = [i + 1 for i, v in enumerate(values) if not np.isfinite(v) or v > threshold]  # "step 1" is the first
    return steps, threshold
