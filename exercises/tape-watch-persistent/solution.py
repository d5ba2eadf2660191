import tensorflow as tf


def two_gradients(x):
    """Return (dy_dx, dz_dx) for y = sum(x**3) and z = sum(sin(x)), from ONE GradientTape."""
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)  # x is a constant: the tape would not record it otherwise
        y = tf.reduce_sum(x ** 3)
        z = tf.reduce_sum(tf.sin(x))
    dy_dx = tape.gradient(y, x)
    dz_dx = tape.gradient(z, x)  # a second call is only allowed on a persistent tape
    del tape
    return dy_dx, dz_dx


if __name__ == "__main__":
    x = tf.constant([0.0, 1.0, 2.0])
    dy_dx, dz_dx = two_gradients(x)
    print("dy_dx =", dy_dx.numpy())
    print("dz_dx =", dz_dx.numpy())
