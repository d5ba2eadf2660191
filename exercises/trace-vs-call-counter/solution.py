import tensorflow as tf


def make_step():
    """A tf.function step(x, scale=1.0) = scale * sum(x * x), a Variable counting its calls and a list counting its traces."""
    # Created once, outside the tf.function: it may not create Variables on later traces.
    calls = tf.Variable(0, dtype=tf.int64)
    traces = []

    @tf.function
    def step(x, scale=1.0):
        traces.append(x.shape)   # Python: runs while tracing only
        calls.assign_add(1)      # a TF op: part of the graph, runs on every call
        return scale * tf.reduce_sum(x * x)

    return step, calls, traces


if __name__ == "__main__":
    step, calls, traces = make_step()
    step(tf.constant([1.0, 2.0]))
    step(tf.constant([3.0, 4.0]))
    print(step(tf.constant([1.0, 2.0]), 2.0))
    print("calls:", calls.numpy(), "traces:", traces)
