import tensorflow as tf


def state_grad_norms(w_rec, xs):
    w = tf.Variable(w_rec, trainable=True)   # a variable is watched automatically
    batch, n = xs.shape[1], w_rec.shape[0]
    states = []
    with tf.GradientTape() as tape:
        h = tf.zeros((batch, n))
        for t in range(xs.shape[0]):
            h = tf.math.tanh(tf.linalg.matmul(h, w) + xs[t])
            states.append(h)
        loss = tf.math.reduce_sum(states[-1])
    grads = tape.gradient(loss, states)
    return tf.stack([tf.norm(tf.reshape(g, [-1])) for g in grads])
