# right: tf.custom_gradient whose backward passes the upstream gradient through
import tensorflow as tf


def quantize_ste(x, step):
    @tf.custom_gradient
    def ste(v):
        def grad(dy):
            return dy
        return step * tf.round(v / step), grad

    return ste(x)
