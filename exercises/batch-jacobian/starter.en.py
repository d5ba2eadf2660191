import tensorflow as tf


def per_example_jacobian(x, w, b):
    """For y = tanh(x @ w + b), return jac with jac[i, k, d] = dy[i, k] / dx[i, d], shape (batch, K, D)."""
    # TODO: make the tape record x, then compute y.
    # TODO: return the per-example Jacobian from tape.batch_jacobian.
    ...


if __name__ == "__main__":
    x = tf.constant([[0.0, 1.0, -1.0], [0.5, 0.0, 2.0]])
    w = tf.constant([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]])
    b = tf.constant([0.0, 0.0])
    jac = per_example_jacobian(x, w, b)
    if jac is None:
        print("Nothing returned yet. Expected shape: (2, 2, 3)")
    else:
        print("shape:", jac.shape, "(expected: (2, 2, 3))")
        print(jac.numpy().round(3))
