# diagnosis: reversed_order
import tensorflow as tf


def state_grad_norms(w_rec, xs):
    h = tf.zeros((xs.shape[1], w_rec.shape[0]))
    states = []
    with tf.GradientTape() as tape:
        tape.watch(w_rec)
        for x in xs:
            h = tf.tanh(h @ w_rec + x)
            states.insert(0, h)          # newest first, like the backward pass walks
        loss = tf.reduce_sum(h)
    return [float(tf.norm(g)) for g in tape.gradient(loss, states)]
