# diagnosis: dropped_none
import tensorflow as tf


def clip_by_group(grads, groups, clip_norm):
    pairs = [(g, n) for g, n in zip(grads, groups) if g is not None]
    clipped, norms = [], {}
    for name in dict.fromkeys(n for _, n in pairs):
        part, norm = tf.clip_by_global_norm([g for g, n in pairs if n == name], clip_norm)
        norms[name] = float(norm)
    for name in dict.fromkeys(groups):
        norms.setdefault(name, 0.0)
    for g, n in pairs:
        norm = norms[n]
        clipped.append(g * (clip_norm / norm) if norm > clip_norm else g)
    return clipped, norms
