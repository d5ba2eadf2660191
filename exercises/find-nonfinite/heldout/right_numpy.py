import numpy as np


def first_nonfinite(named):
    for name, g in named:
        if g is not None and not np.isfinite(np.asarray(g, dtype=np.float32)).all():
            return name
    return None
