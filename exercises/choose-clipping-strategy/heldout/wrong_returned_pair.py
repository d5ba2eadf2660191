# diagnosis: returned_pair
import tensorflow as tf


def clip_gradients(grads, strategy, threshold):
    if strategy == "value":
        return [tf.clip_by_value(g, -threshold, threshold) for g in grads]
    elif strategy == "norm":
        return [tf.clip_by_norm(g, threshold) for g in grads]
    elif strategy == "global_norm":
        return tf.clip_by_global_norm(grads, threshold)
    else:
        raise ValueError(f"unknown strategy {strategy}")


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

