# diagnosis: summed_over_dims
import tensorflow as tf


def vector_quantize(z_e, codebook, beta):
    d = tf.reduce_sum(tf.square(z_e[:, None, :] - codebook[None, :, :]), axis=-1)
    z_q = tf.gather(codebook, tf.argmin(d, axis=1))
    z_st = z_e + tf.stop_gradient(z_q - z_e)
    codebook_loss = tf.reduce_mean(tf.reduce_sum(tf.square(tf.stop_gradient(z_e) - z_q), axis=1))
    commitment_loss = tf.reduce_mean(tf.reduce_sum(tf.square(z_e - tf.stop_gradient(z_q)), axis=1))
    return z_st, codebook_loss + beta * commitment_loss
