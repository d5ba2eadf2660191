# diagnosis: norm_after_clip
import tensorflow as tf


def clip_by_group(grads, groups, clip_norm):
    clipped = list(grads)
    norms = {}
    for name in dict.fromkeys(groups):
        idx = [i for i, n in enumerate(groups) if n == name]
        part, norm = tf.clip_by_global_norm([grads[i] for i in idx], clip_norm)
        for i, g in zip(idx, part):
            clipped[i] = g
        norms[name] = min(float(norm), clip_norm)
    return clipped, norms
