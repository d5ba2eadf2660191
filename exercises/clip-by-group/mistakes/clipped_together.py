# diagnosis: clipped_together
import tensorflow as tf


def clip_by_group(grads, groups, clip_norm):
    norms = {}
    for name in dict.fromkeys(groups):
        part = [g for g, n in zip(grads, groups) if n == name]
        norms[name] = float(tf.linalg.global_norm(part))
    clipped, _ = tf.clip_by_global_norm(grads, clip_norm)
    return clipped, norms
