# diagnosis: clipped_together
import tensorflow as tf


def clip_by_group(grads, groups, clip_norm):
    clipped, total = tf.clip_by_global_norm(grads, clip_norm)
    norms = {name: float(total) for name in groups}
    return clipped, norms
