import tensorflow as tf


def state_grad_norms(w_rec, xs):
    """||d loss / d h_t|| for t = 1..T of h_t = tanh(h_{t-1} @ w_rec + xs[t-1]), h_0 = 0, loss = sum(h_T)."""
    # TODO 1: h_0 = 0 (shape (batch, n))으로 시작해
    # TODO 2: GradientTape 안에서 recurrence를 돌리며 h_1 … h_T를 리스트에 모아 (w_rec는 그냥 tensor야!)
    # TODO 3: loss = 마지막 state의 합
    # TODO 4: state마다 gradient를 받아서 L2 norm을 h_1부터 순서대로 return
    ...


if __name__ == "__main__":
    tf.random.set_seed(0)
    q, _ = tf.linalg.qr(tf.random.normal((8, 8)))
    xs = 0.1 * tf.random.normal((12, 2, 8))
    for scale in (2.0, 0.5):
        norms = state_grad_norms(scale * q, xs)
        if norms is None:
            print("state_grad_norms가 아직 None을 return해")
            break
        print(f"scale {scale}: h_1 {float(norms[0]):.3g}  h_6 {float(norms[5]):.3g}  h_12 {float(norms[-1]):.3g}")
