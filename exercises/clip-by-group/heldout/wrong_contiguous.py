# diagnosis: assumed_contiguous
import itertools
import tensorflow as tf


def clip_by_group(grads, groups, clip_norm):
    clipped, norms, start = [], {}, 0
    for name, run in itertools.groupby(groups):
        n = len(list(run))
        part, norm = tf.clip_by_global_norm(grads[start:start + n], clip_norm)
        clipped.extend(part)
        norms[name] = float(norm)
        start += n
    return clipped, norms
