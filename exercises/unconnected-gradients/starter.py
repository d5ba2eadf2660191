import tensorflow as tf


def task_a_gradients(x, y, shared, head_a, head_b):
    """Gradients of the task-A loss for [shared, head_a, head_b]; head_b's must be zeros, never None."""
    # TODO: tape 안에서 h = tf.tanh(x @ shared), loss = tf.reduce_mean(tf.square(h @ head_a - y))
    # TODO: 세 변수에 대한 gradient를 None 없이 구해서 [d_shared, d_head_a, d_head_b]로 return
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
        print("아직 아무것도 return하지 않았어.")
    else:
        for name, g in zip(["shared", "head_a", "head_b"], grads):
            print(name, "->", None if g is None else g.numpy())
