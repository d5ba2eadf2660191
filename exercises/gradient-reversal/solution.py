import tensorflow as tf


def reverse_gradient(x, lam):
    """Forward: identity. Backward: the upstream gradient times -lam."""

    # lam stays in the closure, so the decorated function has one input and returns one gradient.
    @tf.custom_gradient
    def _reverse(t):
        def grad(upstream):
            return -lam * upstream

        return tf.identity(t), grad

    return _reverse(x)


if __name__ == "__main__":
    x = tf.constant([1.0, -2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = reverse_gradient(x, 0.5)
        loss = tf.reduce_sum(y * tf.constant([1.0, 2.0, 3.0]))
    print("forward y:", y.numpy())
    print("gradient:", tape.gradient(loss, x).numpy())
