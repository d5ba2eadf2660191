import tensorflow as tf


def cap_spectral_norm(kernel, max_sigma):
    """Scale the variable `kernel` in place so its largest singular value is at most max_sigma.

    Returns the largest singular value measured before any change, as a float.
    """
    # TODO 1: find the kernel's largest singular value (sigma) (not the Frobenius norm)
    # TODO 2: if sigma is above max_sigma, shrink the whole kernel by one factor, in place (assign)
    # TODO 3: return sigma from before the change, as a float
    ...


if __name__ == "__main__":
    kernel = tf.Variable([[1.2, 0.9], [0.0, 0.5]])
    sigma = cap_spectral_norm(kernel, 1.0)
    print("sigma_max before the cap:", sigma)
    print("sigma_max after the cap:", round(float(tf.linalg.svd(kernel, compute_uv=False)[0]), 4))
