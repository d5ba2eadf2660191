import tensorflow as tf


def cap_spectral_norm(kernel, max_sigma):
    """Scale the variable `kernel` in place so its largest singular value is at most max_sigma.

    Returns the largest singular value measured before any change, as a float.
    """
    # Singular values come sorted in descending order: the first is the spectral norm.
    sigma = float(tf.linalg.svd(kernel, compute_uv=False)[0])
    if sigma > max_sigma:
        # One common factor shrinks every singular value alike, so the largest lands exactly on max_sigma.
        kernel.assign(kernel * (max_sigma / sigma))
    return sigma


if __name__ == "__main__":
    kernel = tf.Variable([[1.2, 0.9], [0.0, 0.5]])
    sigma = cap_spectral_norm(kernel, 1.0)
    print("cap 전 sigma_max:", round(sigma, 4))
    print("cap 후 sigma_max:", round(float(tf.linalg.svd(kernel, compute_uv=False)[0]), 4))
    print("Frobenius norm (다른 값이야):", round(float(tf.norm(kernel)), 4))
    print("한 번 더 불러도 그대로:", round(cap_spectral_norm(kernel, 1.0), 4), kernel.numpy().round(4).tolist())
