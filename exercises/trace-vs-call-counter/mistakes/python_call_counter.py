# diagnosis: python_counter
import tensorflow as tf


def make_step():
    calls = [0]          # a Python counter: bumped while tracing only
    traces = []

    @tf.function
    def step(x, scale=1.0):
        traces.append(1)
        calls[0] += 1
        return scale * tf.reduce_sum(x * x)

    return step, calls, traces
