import tensorflow as tf


def per_example_jacobian(x, w, b):
    """For y = tanh(x @ w + b), return jac with jac[i, k, d] = dy[i, k] / dx[i, d], shape (batch, K, D)."""
    # TODO: tape에 x를 기록시키고 y를 계산해.
    # TODO: tape.batch_jacobian으로 예제별 Jacobian을 구해서 return해.
    ...


if __name__ == "__main__":
    x = tf.constant([[0.0, 1.0, -1.0], [0.5, 0.0, 2.0]])
    w = tf.constant([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]])
    b = tf.constant([0.0, 0.0])
    jac = per_example_jacobian(x, w, b)
    if jac is None:
        print("아직 아무것도 return하지 않았어. 기대 shape: (2, 2, 3)")
    else:
        print("shape:", jac.shape, "(기대: (2, 2, 3))")
        print(jac.numpy().round(3))
