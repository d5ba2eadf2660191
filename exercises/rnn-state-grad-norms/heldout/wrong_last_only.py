# diagnosis: only_last_state
import tensorflow as tf


def state_grad_norms(w_rec, xs):
    w = tf.Variable(w_rec)
    h = tf.zeros((xs.shape[1], w_rec.shape[0]))
    with tf.GradientTape() as tape:
        for x in xs:
            h = tf.tanh(h @ w + x)
        loss = tf.reduce_sum(h)
    g = tape.gradient(loss, h)
    return [float(tf.norm(g))]
