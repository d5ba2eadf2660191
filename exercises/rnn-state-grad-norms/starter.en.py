import tensorflow as tf


def state_grad_norms(w_rec, xs):
    """||d loss / d h_t|| for t = 1..T of h_t = tanh(h_{t-1} @ w_rec + xs[t-1]), h_0 = 0, loss = sum(h_T)."""
    # TODO 1: start from h_0 = 0 (shape (batch, n))
    # TODO 2: inside a GradientTape, run the recurrence and keep h_1 … h_T in a list (w_rec is a plain tensor!)
    # TODO 3: loss = the sum of the last state
    # TODO 4: get the gradient of every state and return their L2 norms in order, from h_1
    ...


if __name__ == "__main__":
    tf.random.set_seed(0)
    q, _ = tf.linalg.qr(tf.random.normal((8, 8)))
    xs = 0.1 * tf.random.normal((12, 2, 8))
    for scale in (2.0, 0.5):
        norms = state_grad_norms(scale * q, xs)
        if norms is None:
            print("state_grad_norms still returns None")
            break
        print(f"scale {scale}: h_1 {float(norms[0]):.3g}  h_6 {float(norms[5]):.3g}  h_12 {float(norms[-1]):.3g}")
