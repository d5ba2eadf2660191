import tensorflow as tf


def make_step():
    """A tf.function step(x, scale=1.0) = scale * sum(x * x), a Variable counting its calls and a list counting its traces."""
    # TODO 1: create an integer Variable for the calls and a Python list for the traces (outside the tf.function!)
    # TODO 2: define step(x, scale=1.0) decorated with @tf.function
    #         - grow traces with code that runs only while tracing
    #         - grow calls with code that runs on every call
    #         - return scale * tf.reduce_sum(x * x)
    # TODO 3: return step, calls, traces
    ...


if __name__ == "__main__":
    step, calls, traces = make_step()
    step(tf.constant([1.0, 2.0]))
    step(tf.constant([3.0, 4.0]))
    print(step(tf.constant([1.0, 2.0]), 2.0))
    print("calls:", calls, "traces:", traces)
    print("expected: 10.0, calls 3, 2 traces")
