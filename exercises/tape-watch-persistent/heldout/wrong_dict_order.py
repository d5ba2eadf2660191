# diagnosis: swapped_order
import tensorflow as tf


def two_gradients(x):
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        outputs = {"sin": tf.reduce_sum(tf.sin(x)), "cube": tf.reduce_sum(x ** 3)}
    grads = {name: tape.gradient(value, x) for name, value in outputs.items()}
    return tuple(grads.values())
