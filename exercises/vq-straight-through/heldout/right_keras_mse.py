import keras
import tensorflow as tf


def vector_quantize(z_e, codebook, beta):
    idx = tf.argmin(tf.norm(z_e[:, tf.newaxis] - codebook[tf.newaxis], axis=-1), axis=-1)
    z_q = tf.gather(codebook, idx)
    sg = tf.stop_gradient
    mse = lambda a, b: tf.reduce_mean(keras.losses.mean_squared_error(a, b))
    loss = mse(sg(z_e), z_q) + beta * mse(z_e, sg(z_q))
    return z_e + sg(z_q - z_e), loss
