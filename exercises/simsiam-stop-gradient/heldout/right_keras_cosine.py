import keras
import tensorflow as tf


def simsiam_loss(encoder, predictor, view_a, view_b):
    z_a, z_b = encoder(view_a), encoder(view_b)
    p_a, p_b = predictor(z_a), predictor(z_b)
    # keras.losses.cosine_similarity gives -cos per row
    d_ab = tf.reduce_mean(keras.losses.cosine_similarity(tf.stop_gradient(z_b), p_a))
    d_ba = tf.reduce_mean(keras.losses.cosine_similarity(tf.stop_gradient(z_a), p_b))
    return (d_ab + d_ba) / 2.0
