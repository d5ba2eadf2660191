import tensorflow as tf


def simsiam_loss(encoder, predictor, view_a, view_b):
    def unit(v):
        return v / tf.norm(v, axis=1, keepdims=True)

    def neg_cos(p, z):
        return -tf.reduce_mean(tf.reduce_sum(unit(p) * tf.stop_gradient(unit(z)), axis=1))

    z = [encoder(view_a), encoder(view_b)]
    p = [predictor(z[0]), predictor(z[1])]
    return 0.5 * (neg_cos(p[0], z[1]) + neg_cos(p[1], z[0]))
