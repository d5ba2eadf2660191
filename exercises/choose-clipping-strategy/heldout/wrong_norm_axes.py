# diagnosis: norm_wrong_axis
import tensorflow as tf


def clip_gradients(grads, strategy, threshold):
    if strategy == "value":
        return [tf.clip_by_value(g, -threshold, threshold) for g in grads]
    if strategy == "norm":
        return [tf.clip_by_norm(g, threshold, axes=[0]) for g in grads]
    if strategy == "global_norm":
        clipped, _ = tf.clip_by_global_norm(grads, threshold)
        return clipped
    raise ValueError(strategy)


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

