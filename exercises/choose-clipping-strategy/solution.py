import tensorflow as tf

STRATEGIES = ("value", "norm", "global_norm")


def clip_gradients(grads, strategy, threshold):
    """Clip a list of gradient tensors with one of three strategies; returns a list in the same order."""
    if strategy == "value":
        # every element on its own: a hard bound per element, but the direction can change
        return [tf.clip_by_value(g, -threshold, threshold) for g in grads]
    if strategy == "norm":
        # every tensor on its own: each keeps its direction, the others are not affected
        return [tf.clip_by_norm(g, threshold) for g in grads]
    if strategy == "global_norm":
        # all tensors together: one common factor, so the overall direction is kept
        clipped, _ = tf.clip_by_global_norm(grads, threshold)
        return clipped
    raise ValueError(f"unknown clipping strategy {strategy!r}; expected one of {STRATEGIES}")


RECOMMENDATIONS = {
    "lstm_long_sequences": "global_norm",     # the whole model blows up together; keep the update direction
    "transformer_pretraining": "global_norm",  # the standard bound on the size of the whole update
    "new_model_default": "global_norm",        # the safe default: only rescales, never turns the direction
    "fixed_point_accumulator": "value",        # the requirement is per element: saturate at ±threshold, the rest untouched
    "reproduce_clipvalue_recipe": "value",     # the recipe clips per element; reproducing it means doing the same
    "embedding_table_spikes": "norm",          # one variable spikes; the other layers must keep their update
}


def recommend(situation):
    """The clipping strategy ("value", "norm" or "global_norm") that fits a described situation."""
    return RECOMMENDATIONS[situation]


SITUATIONS = list(RECOMMENDATIONS)


def cosine(a, b):
    """How much the direction of the whole gradient changed: 1.0 means not at all."""
    flat_a = tf.concat([tf.reshape(g, [-1]) for g in a], axis=0)
    flat_b = tf.concat([tf.reshape(g, [-1]) for g in b], axis=0)
    return float(tf.reduce_sum(flat_a * flat_b) / (tf.norm(flat_a) * tf.norm(flat_b)))


if __name__ == "__main__":
    grads = [tf.constant([[3.0, -4.0], [0.5, 0.0]]), tf.constant([0.3, -0.4])]
    print("clip 전 global norm:", round(float(tf.linalg.global_norm(grads)), 3))
    for strategy in STRATEGIES:
        clipped = clip_gradients(grads, strategy, 1.0)
        if clipped is None:
            print(f"{strategy:>12}: 아직 None을 return해")
            continue
        norms = [round(float(tf.norm(g)), 3) for g in clipped]
        print(f"{strategy:>12}: 변수별 norm {norms}, global norm {float(tf.linalg.global_norm(clipped)):.3f}, "
              f"원래 방향과의 cosine {cosine(clipped, grads):.4f}")
    for situation in SITUATIONS:
        print(f"{situation} -> {recommend(situation)}")
