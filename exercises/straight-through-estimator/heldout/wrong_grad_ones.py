# diagnosis: ignored_upstream
import tensorflow as tf


def quantize_ste(x, step):
    @tf.custom_gradient
    def ste(v):
        def grad(dy):
            return tf.ones_like(v)   # d(round)/dx = 1
        return tf.round(v / step) * step, grad

    return ste(x)
