# diagnosis: per_tensor_clip
import tensorflow as tf


def clip_by_group(grads, groups, clip_norm):
    clipped = [None if g is None else tf.clip_by_norm(g, clip_norm) for g in grads]
    norms = {}
    for name in set(groups):
        members = [g for g, n in zip(grads, groups) if n == name and g is not None]
        norms[name] = float(tf.linalg.global_norm(members)) if members else 0.0
    return clipped, norms
