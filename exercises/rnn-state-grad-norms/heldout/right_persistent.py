import tensorflow as tf


def state_grad_norms(w_rec, xs):
    states = []
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(w_rec)
        h = tf.zeros([xs.shape[1], w_rec.shape[0]], dtype=tf.float32)
        for x in tf.unstack(xs):
            h = tf.tanh(h @ w_rec + x)
            states.append(h)
        loss = tf.reduce_sum(h)
    out = []
    for s in states:
        g = tape.gradient(loss, s)
        out.append(float(tf.sqrt(tf.reduce_sum(g * g))))
    del tape
    return out
