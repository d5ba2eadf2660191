# diagnosis: wrong_recommendation
import tensorflow as tf


def clip_gradients(grads, strategy, threshold):
    if strategy == "value":
        return [tf.clip_by_value(g, -threshold, threshold) for g in grads]
    if strategy == "norm":
        return [tf.clip_by_norm(g, threshold) for g in grads]
    if strategy == "global_norm":
        return tf.clip_by_global_norm(grads, threshold)[0]
    raise ValueError(strategy)


def recommend(situation):
    return "global_norm"  # one answer for everything
