# right: every strategy written with elementary ops instead of the clip_by_* functions
import tensorflow as tf


def clip_gradients(grads, strategy, threshold):
    if strategy not in ("value", "norm", "global_norm"):
        raise ValueError("strategy must be value, norm or global_norm, not " + repr(strategy))
    out = []
    if strategy == "value":
        for g in grads:
            out.append(tf.maximum(tf.minimum(g, threshold), -threshold))
        return out
    if strategy == "norm":
        for g in grads:
            n = tf.sqrt(tf.reduce_sum(g * g))
            out.append(g * threshold / n if n > threshold else g)
        return out
    total = tf.sqrt(sum(tf.reduce_sum(g * g) for g in grads))
    factor = threshold / max(float(total), threshold)
    return [g * factor for g in grads]


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

