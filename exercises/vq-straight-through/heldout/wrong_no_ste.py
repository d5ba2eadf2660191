# diagnosis: no_straight_through
import tensorflow as tf


def vector_quantize(z_e, codebook, beta):
    d = tf.reduce_sum((z_e[:, None, :] - codebook[None]) ** 2, axis=-1)
    z_q = tf.gather(codebook, tf.argmin(d, axis=1))
    vq_loss = tf.reduce_mean((tf.stop_gradient(z_e) - z_q) ** 2) + beta * tf.reduce_mean((z_e - tf.stop_gradient(z_q)) ** 2)
    return z_q, vq_loss
