# right: a Variable copy of x is watched automatically; its gradients have x's shape
import tensorflow as tf


def two_gradients(x):
    v = tf.Variable(x)
    with tf.GradientTape(persistent=True) as tape:
        y = tf.reduce_sum(v ** 3)
        z = tf.reduce_sum(tf.sin(v))
    result = (tape.gradient(y, v), tape.gradient(z, v))
    del tape
    return result
