# diagnosis: reduced_all
import numpy as np


def feature_mean(ds):
    rows = np.concatenate(list(ds.as_numpy_iterator()))
    return np.mean(rows)
