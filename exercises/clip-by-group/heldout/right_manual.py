import math
import tensorflow as tf


def clip_by_group(grads, groups, clip_norm):
    squares = {}
    for g, name in zip(grads, groups):
        squares.setdefault(name, 0.0)
        if g is not None:
            squares[name] += float(tf.reduce_sum(tf.square(g)))
    norms = {name: math.sqrt(s) for name, s in squares.items()}
    clipped = []
    for g, name in zip(grads, groups):
        n = norms[name]
        clipped.append(None if g is None else (g * (clip_norm / n) if n > clip_norm else g))
    return clipped, norms
