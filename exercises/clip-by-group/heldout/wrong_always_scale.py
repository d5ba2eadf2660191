# diagnosis: always_scaled
import tensorflow as tf


def clip_by_group(grads, groups, clip_norm):
    clipped = list(grads)
    norms = {}
    for name in dict.fromkeys(groups):
        idx = [i for i, n in enumerate(groups) if n == name and grads[i] is not None]
        norm = float(tf.linalg.global_norm([grads[i] for i in idx])) if idx else 0.0
        norms[name] = norm
        if norm > 0:
            for i in idx:
                clipped[i] = grads[i] * (clip_norm / norm)      # rescale the group to clip_norm
    return clipped, norms
