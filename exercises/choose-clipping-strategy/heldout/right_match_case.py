# right: match/case dispatch and a lookup via if-chain for recommend
import tensorflow as tf


def clip_gradients(grads, strategy, threshold):
    match strategy:
        case "value":
            return [tf.clip_by_value(g, -threshold, threshold) for g in grads]
        case "norm":
            return list(map(lambda g: tf.clip_by_norm(g, threshold), grads))
        case "global_norm":
            return tf.clip_by_global_norm(grads, threshold)[0]
        case _:
            raise ValueError(f"no such strategy: {strategy}")


def recommend(situation):
    if situation == "embedding_table_spikes":
        return "norm"
    if situation in ("fixed_point_accumulator", "reproduce_clipvalue_recipe"):
        return "value"
    return "global_norm"
