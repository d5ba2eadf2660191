# diagnosis: value_changes_direction
import tensorflow as tf


def clip_gradients(grads, strategy, threshold):
    if strategy == "norm":
        return [tf.clip_by_norm(g, threshold) for g in grads]
    if strategy in ("value", "global_norm"):
        # "they both keep the numbers under threshold" -- but value clipping turns the direction
        return [tf.clip_by_value(g, -threshold, threshold) for g in grads]
    raise ValueError(strategy)

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

