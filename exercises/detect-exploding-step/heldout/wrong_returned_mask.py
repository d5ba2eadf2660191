# diagnosis: returned_mask
import numpy as np


def find_exploding_steps(norms, k):
    values = np.asarray(norms, dtype=np.float64)
    finite = np.isfinite(values)
    threshold = float(k * np.median(values[finite]))
    exploding = ~finite | (values > threshold)
    return exploding, threshold
