# diagnosis: python_counter
import tensorflow as tf


def make_step():
    calls = 0
    traces = []

    @tf.function
    def step(x, scale=1.0):
        nonlocal calls
        calls += 1
        traces.append(x)
        return scale * tf.reduce_sum(x * x)

    return step, calls, traces
