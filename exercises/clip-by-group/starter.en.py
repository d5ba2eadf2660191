import tensorflow as tf


def clip_by_group(grads, groups, clip_norm):
    """Clip each group of gradients by its own global norm; None gradients stay None.

    Returns (clipped, norms): the clipped list in the original order, and {group: pre-clip global norm}.
    """
    # TODO 1: go through the group names in `groups` one by one (in order of first appearance)
    # TODO 2: collect the indices of that group's gradients and clip only those by global norm (None stays None)
    # TODO 3: put the clipped gradients back in their places and record the pre-clip norm in norms[name] as a float
    # TODO 4: return (clipped, norms)
    ...


if __name__ == "__main__":
    grads = [tf.constant([0.3, 0.4]), tf.constant([[30.0, 40.0]]), None, tf.constant([0.0, 0.1])]
    groups = ["actor", "critic", "critic", "actor"]
    result = clip_by_group(grads, groups, clip_norm=1.0)
    if result is None:
        print("clip_by_group still returns None")
    else:
        clipped, norms = result
        print("pre-clip norms:", norms)
        print("clipped:", [None if g is None else g.numpy().tolist() for g in clipped])
