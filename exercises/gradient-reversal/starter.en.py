import tensorflow as tf


def reverse_gradient(x, lam):
    """Forward: identity. Backward: the upstream gradient times -lam."""
    # TODO: keep the value of x, and make the gradient going down to x equal -lam * upstream.
    #       There are two routes: define an inner function of x alone with @tf.custom_gradient (forward result, grad function),
    #       or let tf.stop_gradient make the forward and the backward see different things.
    ...


if __name__ == "__main__":
    x = tf.constant([1.0, -2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = reverse_gradient(x, 0.5)
        loss = tf.reduce_sum(y * tf.constant([1.0, 2.0, 3.0])) if y is not None else None
    print("forward y:", y, "(expected: [1. -2. 3.])")
    if loss is not None:
        print("gradient:", tape.gradient(loss, x), "(expected: [-0.5 -1. -1.5])")
