# diagnosis: unknown_strategy_accepted
import tensorflow as tf


def clip_gradients(grads, strategy, threshold):
    if strategy == "value":
        return [tf.clip_by_value(g, -threshold, threshold) for g in grads]
    if strategy == "norm":
        return [tf.clip_by_norm(g, threshold) for g in grads]
    if strategy == "global_norm":
        return tf.clip_by_global_norm(grads, threshold)[0]
    return grads  # a typo in the strategy name silently turns clipping off

RECOMMENDATIONS = {
    "lstm_long_sequences": "global_norm",
    "transformer_pretraining": "global_norm",
    "new_model_default": "global_norm",
    "rl_reward_spikes": "value",
    "corrupted_sensor_values": "value",
    "embedding_table_spikes": "norm",
}


def recommend(situation):
    return RECOMMENDATIONS[situation]

