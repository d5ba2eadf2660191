import tensorflow as tf


def clip_by_group(grads, groups, clip_norm):
    """Clip each group of gradients by its own global norm; None gradients stay None.

    Returns (clipped, norms): the clipped list in the original order, and {group: pre-clip global norm}.
    """
    clipped = list(grads)
    norms = {}
    for name in dict.fromkeys(groups):  # every group once, in order of first appearance
        idx = [i for i, g in enumerate(groups) if g == name]
        # clip_by_global_norm skips None entries (in the norm and in the output), so all-None groups give 0.
        part, norm = tf.clip_by_global_norm([grads[i] for i in idx], clip_norm)
        for i, g in zip(idx, part):
            clipped[i] = g
        norms[name] = float(norm)
    return clipped, norms


if __name__ == "__main__":
    grads = [tf.constant([0.3, 0.4]), tf.constant([[30.0, 40.0]]), None, tf.constant([0.0, 0.1])]
    groups = ["actor", "critic", "critic", "actor"]
    clipped, norms = clip_by_group(grads, groups, clip_norm=1.0)
    print("clip 전 norm:", {k: round(v, 4) for k, v in norms.items()})
    print("critic:", clipped[1].numpy(), " actor:", clipped[0].numpy(), clipped[3].numpy(), " None:", clipped[2])
