import numpy as np


def clip_by_group(grads, groups, clip_norm):
    arrays = [None if g is None else np.asarray(g, dtype=np.float64) for g in grads]
    norms = {}
    for name in groups:
        if name not in norms:
            norms[name] = float(np.sqrt(sum(np.sum(a * a) for a, n in zip(arrays, groups) if n == name and a is not None)))
    factor = {name: min(1.0, clip_norm / n) if n > 0 else 1.0 for name, n in norms.items()}
    return [None if a is None else a * factor[n] for a, n in zip(arrays, groups)], norms
