# diagnosis: norm_after_clip
import tensorflow as tf


def clip_by_group(grads, groups, clip_norm):
    out = list(grads)
    norms = {}
    for name in dict.fromkeys(groups):
        idx = [i for i, g in enumerate(groups) if g == name]
        part, _ = tf.clip_by_global_norm([grads[i] for i in idx], clip_norm)
        for i, g in zip(idx, part):
            out[i] = g
        norms[name] = float(tf.linalg.global_norm(part))
    return out, norms
