import tensorflow as tf

STRATEGIES = ("value", "norm", "global_norm")


def clip_gradients(grads, strategy, threshold):
    """Clip a list of gradient tensors with one of three strategies; returns a list in the same order."""
    # TODO: depending on strategy
    #   "value"       -> every element into [-threshold, threshold]
    #   "norm"        -> each tensor on its own, so that its L2 norm is at most threshold
    #   "global_norm" -> the global norm of all tensors together at most threshold (one common factor)
    #   any other name -> ValueError
    ...


def recommend(situation):
    """The clipping strategy ("value", "norm" or "global_norm") that fits a described situation."""
    # TODO: return the fitting strategy name for each situation id in the task.
    ...


SITUATIONS = [
    "lstm_long_sequences",
    "transformer_pretraining",
    "new_model_default",
    "fixed_point_accumulator",
    "reproduce_clipvalue_recipe",
    "embedding_table_spikes",
]


def cosine(a, b):
    """How much the direction of the whole gradient changed: 1.0 means not at all."""
    flat_a = tf.concat([tf.reshape(g, [-1]) for g in a], axis=0)
    flat_b = tf.concat([tf.reshape(g, [-1]) for g in b], axis=0)
    return float(tf.reduce_sum(flat_a * flat_b) / (tf.norm(flat_a) * tf.norm(flat_b)))


if __name__ == "__main__":
    grads = [tf.constant([[3.0, -4.0], [0.5, 0.0]]), tf.constant([0.3, -0.4])]
    print("global norm before clipping:", round(float(tf.linalg.global_norm(grads)), 3))
    for strategy in STRATEGIES:
        clipped = clip_gradients(grads, strategy, 1.0)
        if clipped is None:
            print(f"{strategy:>12}: still returns None")
            continue
        norms = [round(float(tf.norm(g)), 3) for g in clipped]
        print(f"{strategy:>12}: norm per variable {norms}, global norm {float(tf.linalg.global_norm(clipped)):.3f}, "
              f"cosine with the original direction {cosine(clipped, grads):.4f}")
    for situation in SITUATIONS:
        print(f"{situation} -> {recommend(situation)}")
