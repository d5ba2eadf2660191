import tensorflow as tf


def cap_spectral_norm(kernel, max_sigma):
    """Scale the variable `kernel` in place so its largest singular value is at most max_sigma.

    Returns the largest singular value measured before any change, as a float.
    """
    # TODO 1: kernel의 가장 큰 singular value(sigma)를 구해 (Frobenius norm이 아니야)
    # TODO 2: sigma가 max_sigma보다 크면 kernel 전체를 같은 비율로 줄여서 그 자리에서 바꿔 (assign)
    # TODO 3: 바꾸기 전의 sigma를 float로 return
    ...


if __name__ == "__main__":
    kernel = tf.Variable([[1.2, 0.9], [0.0, 0.5]])
    sigma = cap_spectral_norm(kernel, 1.0)
    print("cap 전 sigma_max:", sigma)
    print("cap 후 sigma_max:", round(float(tf.linalg.svd(kernel, compute_uv=False)[0]), 4))
