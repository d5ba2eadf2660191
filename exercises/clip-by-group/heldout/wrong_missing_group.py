# diagnosis: missing_group
import tensorflow as tf


def clip_by_group(grads, groups, clip_norm):
    clipped = list(grads)
    norms = {}
    for i, (g, name) in enumerate(zip(grads, groups)):
        if g is None:
            continue
        norms[name] = norms.get(name, 0.0) + float(tf.reduce_sum(g * g))
    norms = {k: v ** 0.5 for k, v in norms.items()}
    for i, (g, name) in enumerate(zip(grads, groups)):
        if g is not None and norms[name] > clip_norm:
            clipped[i] = g * (clip_norm / norms[name])
    return clipped, norms
