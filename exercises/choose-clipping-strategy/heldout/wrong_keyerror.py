# diagnosis: wrong_exception
import tensorflow as tf


def _global(grads, t):
    clipped, _ = tf.clip_by_global_norm(grads, t)
    return clipped


CLIPPERS = {
    "value": lambda grads, t: [tf.clip_by_value(g, -t, t) for g in grads],
    "norm": lambda grads, t: [tf.clip_by_norm(g, t) for g in grads],
    "global_norm": _global,
}


def clip_gradients(grads, strategy, threshold):
    return CLIPPERS[strategy](grads, threshold)


RECOMMENDATIONS = {
    "lstm_long_sequences": "global_norm",
    "transformer_pretraining": "global_norm",
    "new_model_default": "global_norm",
    "fixed_point_accumulator": "value",
    "reproduce_clipvalue_recipe": "value",
    "embedding_table_spikes": "norm",
}


def recommend(situation):
    return RECOMMENDATIONS[situation]

