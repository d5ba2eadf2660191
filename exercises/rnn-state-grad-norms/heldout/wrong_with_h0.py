# diagnosis: included_h0
import tensorflow as tf


def state_grad_norms(w_rec, xs):
    h = tf.zeros((xs.shape[1], w_rec.shape[0]))
    with tf.GradientTape() as tape:
        tape.watch(h)
        states = [h]
        for x in xs:
            h = tf.tanh(h @ w_rec + x)
            states.append(h)
        loss = tf.reduce_sum(states[-1])
    return [float(tf.norm(g)) for g in tape.gradient(loss, states)]
