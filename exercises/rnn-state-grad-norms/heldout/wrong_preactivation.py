# diagnosis: preactivation_grad
import tensorflow as tf


def state_grad_norms(w_rec, xs):
    h = tf.zeros((xs.shape[1], w_rec.shape[0]))
    pre = []
    with tf.GradientTape() as tape:
        tape.watch(w_rec)
        for x in xs:
            z = h @ w_rec + x
            pre.append(z)
            h = tf.tanh(z)
        loss = tf.reduce_sum(h)
    return [float(tf.norm(g)) for g in tape.gradient(loss, pre)]
