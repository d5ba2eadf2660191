import tensorflow as tf


def make_train_step(w):
    """A tf.function step(x, y, lr): one in-place SGD step of w on mean((x @ w - y)**2), returning the loss before it.

    It must trace once, whatever the batch size of x and y and whatever Python float lr is passed.
    """
    # TODO 1: what can you give @tf.function so that new batch sizes and Python float lrs still trace once?
    # TODO 2: inside step(x, y, lr), get the loss and the gradient of w with a GradientTape
    # TODO 3: update w in place, return the loss from before the update
    ...


if __name__ == "__main__":
    w = tf.Variable(tf.zeros((3, 1)))
    step = make_train_step(w)
    true_w = tf.constant([[1.0], [2.0], [3.0]])
    for batch, lr in [(4, 0.1), (7, 0.05), (2, 0.2), (5, 0.1)]:
        x = tf.random.normal((batch, 3))
        print("loss:", float(step(x, x @ true_w, lr)))
    print("traces:", step.experimental_get_tracing_count(), "(expected 1)")
