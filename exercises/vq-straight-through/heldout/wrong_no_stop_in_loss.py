# diagnosis: vq_loss_not_split
import tensorflow as tf


def vector_quantize(z_e, codebook, beta):
    d = tf.reduce_sum(tf.square(z_e[:, None, :] - codebook[None, :, :]), axis=-1)
    z_q = tf.gather(codebook, tf.argmin(d, axis=1))
    z_st = z_e + tf.stop_gradient(z_q - z_e)
    vq_loss = (1.0 + beta) * tf.reduce_mean(tf.square(z_e - z_q))
    return z_st, vq_loss
