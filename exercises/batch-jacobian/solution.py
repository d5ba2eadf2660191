import tensorflow as tf


def per_example_jacobian(x, w, b):
    """For y = tanh(x @ w + b), return jac with jac[i, k, d] = dy[i, k] / dx[i, d], shape (batch, K, D)."""
    with tf.GradientTape() as tape:
        tape.watch(x)  # a constant: without this the Jacobian silently comes back as zeros
        y = tf.tanh(x @ w + b)
    # Examples do not interact, so only the diagonal blocks dy[i]/dx[i] are non-zero: batch_jacobian
    # computes just those instead of the full (batch, K, batch, D) Jacobian.
    return tape.batch_jacobian(y, x)


if __name__ == "__main__":
    x = tf.constant([[0.0, 1.0, -1.0], [0.5, 0.0, 2.0]])
    w = tf.constant([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]])
    b = tf.constant([0.0, 0.0])
    jac = per_example_jacobian(x, w, b)
    print("shape:", jac.shape)
    print(jac.numpy().round(3))
