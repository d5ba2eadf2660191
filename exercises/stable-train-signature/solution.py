import tensorflow as tf


def make_train_step(w):
    """A tf.function step(x, y, lr): one in-place SGD step of w on mean((x @ w - y)**2), returning the loss before it.

    It must trace once, whatever the batch size of x and y and whatever Python float lr is passed.
    """
    # None leaves the batch axis open; the scalar spec turns a Python float lr into a tensor, so its value
    # is an input of the one graph instead of a constant baked into a new graph per value.
    @tf.function(input_signature=[
        tf.TensorSpec(shape=[None, 3], dtype=tf.float32),
        tf.TensorSpec(shape=[None, 1], dtype=tf.float32),
        tf.TensorSpec(shape=[], dtype=tf.float32),
    ])
    def step(x, y, lr):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(x @ w - y))
        grad = tape.gradient(loss, w)
        w.assign_sub(lr * grad)   # in place: the caller's Variable moves
        return loss

    return step


if __name__ == "__main__":
    w = tf.Variable(tf.zeros((3, 1)))
    step = make_train_step(w)
    true_w = tf.constant([[1.0], [2.0], [3.0]])
    for batch, lr in [(4, 0.1), (7, 0.05), (2, 0.2), (5, 0.1)]:
        x = tf.random.normal((batch, 3))
        print("loss:", float(step(x, x @ true_w, lr)))
    print("traces:", step.experimental_get_tracing_count())
