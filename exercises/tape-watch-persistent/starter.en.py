import tensorflow as tf


def two_gradients(x):
    """Return (dy_dx, dz_dx) for y = sum(x**3) and z = sum(sin(x)), from ONE GradientTape."""
    # TODO: make one tape, have it record x, then compute y and z.
    # TODO: get dy/dx and dz/dx from the same tape and return them.
    ...


if __name__ == "__main__":
    x = tf.constant([0.0, 1.0, 2.0])
    result = two_gradients(x)
    print("two_gradients returned:", result)
    print("expected: dy_dx = [0. 3. 12.], dz_dx = [1. 0.5403 -0.4161]")
