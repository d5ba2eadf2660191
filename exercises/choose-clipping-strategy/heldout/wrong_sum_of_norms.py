# diagnosis: sum_of_norms
import tensorflow as tf


def clip_gradients(grads, strategy, threshold):
    if strategy == "value":
        return [tf.clip_by_value(g, -threshold, threshold) for g in grads]
    if strategy == "norm":
        return [tf.clip_by_norm(g, threshold) for g in grads]
    if strategy == "global_norm":
        total = tf.add_n([tf.norm(g) for g in grads])   # norm of everything together
        if total > threshold:
            return [g * threshold / total for g in grads]
        return list(grads)
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

