# diagnosis: no_straight_through
import tensorflow as tf


def vector_quantize(z_e, codebook, beta):
    distances = tf.reduce_sum(tf.square(z_e[:, None, :] - codebook[None, :, :]), axis=-1)
    z_q = tf.gather(codebook, tf.argmin(distances, axis=1))
    loss = tf.reduce_mean(tf.square(tf.stop_gradient(z_e) - z_q)) + beta * tf.reduce_mean(
        tf.square(z_e - tf.stop_gradient(z_q)))
    return z_q, loss   # the decoder's gradient stops at the argmin
