import tensorflow as tf


def state_grad_norms(w_rec, xs):
    """||d loss / d h_t|| for t = 1..T of h_t = tanh(h_{t-1} @ w_rec + xs[t-1]), h_0 = 0, loss = sum(h_T)."""
    h = tf.zeros((xs.shape[1], w_rec.shape[0]))
    states = []
    with tf.GradientTape() as tape:
        tape.watch(w_rec)  # a plain tensor: without this nothing is recorded and every gradient is None
        for x in xs:
            h = tf.tanh(h @ w_rec + x)
            states.append(h)  # keep every state: each one is a source of its own gradient
        loss = tf.reduce_sum(h)
    grads = tape.gradient(loss, states)
    return [float(tf.norm(g)) for g in grads]


if __name__ == "__main__":
    tf.random.set_seed(0)
    q, _ = tf.linalg.qr(tf.random.normal((8, 8)))
    xs = 0.1 * tf.random.normal((12, 2, 8))
    for scale in (2.0, 0.5):
        norms = state_grad_norms(scale * q, xs)
        print(f"scale {scale}: h_1 {norms[0]:.3g}  h_6 {norms[5]:.3g}  h_12 {norms[-1]:.3g}")
