import tensorflow as tf


def task_a_gradients(x, y, shared, head_a, head_b):
    """Gradients of the task-A loss for [shared, head_a, head_b]; head_b's must be zeros, never None."""
    # TODO: under a tape, h = tf.tanh(x @ shared), loss = tf.reduce_mean(tf.square(h @ head_a - y))
    # TODO: return the gradients of the three variables, with no None, as [d_shared, d_head_a, d_head_b]
    ...


if __name__ == "__main__":
    tf.random.set_seed(0)
    x = tf.random.normal((5, 3))
    y = tf.random.normal((5, 1))
    shared = tf.Variable(tf.random.normal((3, 4)), name="shared")
    head_a = tf.Variable(tf.random.normal((4, 1)), name="head_a")
    head_b = tf.Variable(tf.random.normal((4, 2)), name="head_b")
    grads = task_a_gradients(x, y, shared, head_a, head_b)
    if grads is None:
        print("Nothing returned yet.")
    else:
        for name, g in zip(["shared", "head_a", "head_b"], grads):
            print(name, "->", None if g is None else g.numpy())
