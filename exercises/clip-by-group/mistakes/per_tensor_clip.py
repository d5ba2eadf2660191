# diagnosis: per_tensor_clip
import tensorflow as tf


def clip_by_group(grads, groups, clip_norm):
    clipped = [g if g is None else tf.clip_by_norm(g, clip_norm) for g in grads]
    norms = {}
    for name in dict.fromkeys(groups):
        norms[name] = float(tf.linalg.global_norm([g for g, n in zip(grads, groups) if n == name]))
    return clipped, norms
