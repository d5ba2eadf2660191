import tensorflow as tf

STRATEGIES = ("value", "norm", "global_norm")


def clip_gradients(grads, strategy, threshold):
    """Clip a list of gradient tensors with one of three strategies; returns a list in the same order."""
    # TODO: strategy에 따라
    #   "value"       -> 원소 하나하나를 [-threshold, threshold]로
    #   "norm"        -> tensor마다 따로, 각자의 L2 norm이 threshold 이하가 되게
    #   "global_norm" -> 모든 tensor를 합친 global norm이 threshold 이하가 되게 (같은 비율로)
    #   그 밖의 이름   -> ValueError
    ...


def recommend(situation):
    """The clipping strategy ("value", "norm" or "global_norm") that fits a described situation."""
    # TODO: 과제 설명의 상황 id마다 알맞은 전략 이름을 return해.
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
