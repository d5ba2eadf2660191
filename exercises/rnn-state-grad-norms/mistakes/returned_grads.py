# diagnosis: returned_gradients
import tensorflow as tf


def state_grad_norms(w_rec, xs):
    h = tf.zeros((xs.shape[1], w_rec.shape[0]))
    states = []
    with tf.GradientTape() as tape:
        tape.watch(w_rec)
        for x in xs:
            h = tf.tanh(h @ w_rec + x)
            states.append(h)
        loss = tf.reduce_sum(h)
    return tape.gradient(loss, states)
