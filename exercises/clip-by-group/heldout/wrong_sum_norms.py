# diagnosis: sum_of_norms
import tensorflow as tf


def clip_by_group(grads, groups, clip_norm):
    clipped = list(grads)
    norms = {}
    for name in dict.fromkeys(groups):
        idx = [i for i, n in enumerate(groups) if n == name and grads[i] is not None]
        total = sum(float(tf.norm(grads[i])) for i in idx)
        norms[name] = total
        if total > clip_norm:
            for i in idx:
                clipped[i] = grads[i] * (clip_norm / total)
    return clipped, norms
