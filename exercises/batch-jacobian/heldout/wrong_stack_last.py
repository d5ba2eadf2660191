# diagnosis: transposed
import tensorflow as tf


def per_example_jacobian(x, w, b):
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.tanh(x @ w + b)
        outputs = [y[:, k] for k in range(y.shape[1])]
    rows = [tape.gradient(out, x) for out in outputs]
    return tf.stack(rows, axis=-1)
