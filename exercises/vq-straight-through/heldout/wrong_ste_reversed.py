# diagnosis: ste_reversed
import tensorflow as tf


def vector_quantize(z_e, codebook, beta):
    d = tf.reduce_sum(tf.square(z_e[:, None, :] - codebook[None, :, :]), axis=-1)
    z_q = tf.gather(codebook, tf.argmin(d, axis=1))
    z_st = z_q + tf.stop_gradient(z_e - z_q)
    vq_loss = tf.reduce_mean(tf.square(tf.stop_gradient(z_e) - z_q)) + beta * tf.reduce_mean(tf.square(z_e - tf.stop_gradient(z_q)))
    return z_st, vq_loss
