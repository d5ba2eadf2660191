# right: inf turned into nan, then nanmedian and np.nonzero
import numpy as np


def find_exploding_steps(norms, k):
    values = np.array(norms, dtype=np.float64)
    cleaned = np.where(np.isinf(values), np.nan, values)
    threshold = float(k * np.nanmedian(cleaned))
    with np.errstate(invalid="ignore"):
        above = values > threshold
    (steps,) = np.nonzero(np.isnan(cleaned) | above)
    return steps, threshold
