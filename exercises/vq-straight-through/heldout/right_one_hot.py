import tensorflow as tf


def vector_quantize(z_e, codebook, beta):
    # ||a - b||^2 = ||a||^2 - 2 a.b + ||b||^2
    dist = (tf.reduce_sum(z_e ** 2, axis=1, keepdims=True) - 2.0 * tf.matmul(z_e, codebook, transpose_b=True)
            + tf.reduce_sum(codebook ** 2, axis=1)[None, :])
    onehot = tf.one_hot(tf.argmin(dist, axis=1), depth=tf.shape(codebook)[0])
    z_q = tf.matmul(onehot, codebook)
    z_st = z_e + tf.stop_gradient(z_q - z_e)
    vq_loss = (tf.reduce_mean(tf.square(z_q - tf.stop_gradient(z_e)))
               + beta * tf.reduce_mean(tf.square(tf.stop_gradient(z_q) - z_e)))
    return z_st, vq_loss
