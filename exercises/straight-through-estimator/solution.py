import tensorflow as tf


def quantize_ste(x, step):
    """Quantize x to multiples of step in the forward pass, and pass the gradient straight through.

    forward:  step * round(x / step)
    backward: d(output)/dx = 1 (as if no rounding happened)
    """
    quantized = tf.round(x / step) * step
    # Value: x + (quantized - x) = quantized. Gradient: only the first x is seen, so it is exactly 1.
    return x + tf.stop_gradient(quantized - x)


if __name__ == "__main__":
    x = tf.constant([0.12, 0.37, -0.81, 1.49, 2.26])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = quantize_ste(x, step=0.5)
    if y is None:
        print("quantize_ste가 아직 None을 return해")
    else:
        print("x        :", x.numpy())
        print("quantized:", y.numpy())
        grad = tape.gradient(y, x)
        print("dy/dx    :", None if grad is None else grad.numpy())
        with tf.GradientTape() as tape:
            tape.watch(x)
            plain = tf.round(x / 0.5) * 0.5
        print("tf.round만 쓰면 dy/dx:", tape.gradient(plain, x))  # None: round has no gradient
