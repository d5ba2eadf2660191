# diagnosis: preactivation_grad
import tensorflow as tf


def state_grad_norms(w_rec, xs):
    with tf.GradientTape() as tape:
        tape.watch(xs)
        h = tf.zeros((xs.shape[1], w_rec.shape[0]))
        for t in range(xs.shape[0]):
            h = tf.tanh(tf.matmul(h, w_rec) + xs[t])
        loss = tf.reduce_sum(h)
    g = tape.gradient(loss, xs)          # (T, batch, n): one slice per step
    return tf.norm(g, axis=[1, 2])
