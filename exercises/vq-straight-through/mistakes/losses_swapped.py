# diagnosis: losses_swapped
import tensorflow as tf


def vector_quantize(z_e, codebook, beta):
    distances = tf.reduce_sum(tf.square(z_e[:, None, :] - codebook[None, :, :]), axis=-1)
    z_q = tf.gather(codebook, tf.argmin(distances, axis=1))
    z_st = z_e + tf.stop_gradient(z_q - z_e)
    loss = tf.reduce_mean(tf.square(z_e - tf.stop_gradient(z_q))) + beta * tf.reduce_mean(
        tf.square(tf.stop_gradient(z_e) - z_q))   # each stop_gradient on the wrong side
    return z_st, loss
