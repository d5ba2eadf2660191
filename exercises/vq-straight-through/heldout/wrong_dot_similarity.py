# diagnosis: dot_product_nearest
import tensorflow as tf


def vector_quantize(z_e, codebook, beta):
    similarity = tf.matmul(z_e, codebook, transpose_b=True)      # the most similar code
    z_q = tf.gather(codebook, tf.argmax(similarity, axis=1))
    z_st = z_e + tf.stop_gradient(z_q - z_e)
    vq_loss = tf.reduce_mean(tf.square(tf.stop_gradient(z_e) - z_q)) + beta * tf.reduce_mean(tf.square(z_e - tf.stop_gradient(z_q)))
    return z_st, vq_loss
