# diagnosis: wrong_recommendation
import tensorflow as tf


def clip_gradients(grads, strategy, threshold):
    if strategy == "value":
        return [tf.clip_by_value(g, -threshold, threshold) for g in grads]
    if strategy == "norm":
        return [tf.clip_by_norm(g, threshold) for g in grads]
    if strategy == "global_norm":
        clipped, _ = tf.clip_by_global_norm(grads, threshold)
        return clipped
    raise ValueError(strategy)


def recommend(situation):
    # a Transformer has many layers: keep each layer's update under control on its own
    if situation in ("lstm_long_sequences", "new_model_default"):
        return "global_norm"
    if situation in ("transformer_pretraining", "embedding_table_spikes"):
        return "norm"
    return "value"
