import tensorflow as tf


def clip_by_group(grads, groups, clip_norm):
    """Clip each group of gradients by its own global norm; None gradients stay None.

    Returns (clipped, norms): the clipped list in the original order, and {group: pre-clip global norm}.
    """
    # TODO 1: groups에 나오는 묶음 이름을 하나씩 (처음 나온 순서대로)
    # TODO 2: 그 묶음에 속한 gradient의 index를 모아서, 그 부분만 global norm으로 clip해 (None은 그대로)
    # TODO 3: clip한 gradient를 원래 자리에 넣고, clip 전 norm을 norms[이름]에 float로 기록해
    # TODO 4: (clipped, norms) return
    ...


if __name__ == "__main__":
    grads = [tf.constant([0.3, 0.4]), tf.constant([[30.0, 40.0]]), None, tf.constant([0.0, 0.1])]
    groups = ["actor", "critic", "critic", "actor"]
    result = clip_by_group(grads, groups, clip_norm=1.0)
    if result is None:
        print("clip_by_group이 아직 None을 return해")
    else:
        clipped, norms = result
        print("clip 전 norm:", norms)
        print("clip 후:", [None if g is None else g.numpy().tolist() for g in clipped])
