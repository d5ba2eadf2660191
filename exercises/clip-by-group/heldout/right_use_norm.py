from collections import defaultdict
import tensorflow as tf


def clip_by_group(grads, groups, clip_norm):
    members = defaultdict(list)
    for i, name in enumerate(groups):
        members[name].append(i)
    out = [None] * len(grads)
    norms = {}
    for name, idx in members.items():
        part = [grads[i] for i in idx]
        norm = tf.linalg.global_norm(part)
        clipped, _ = tf.clip_by_global_norm(part, clip_norm, use_norm=norm)
        for i, g in zip(idx, clipped):
            out[i] = g
        norms[name] = float(norm)
    return out, norms
