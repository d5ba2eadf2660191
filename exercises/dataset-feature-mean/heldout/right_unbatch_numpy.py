import numpy as np


def feature_mean(ds):
    rows = np.stack(list(ds.unbatch().as_numpy_iterator()))
    return rows.mean(axis=0).astype(np.float32)
