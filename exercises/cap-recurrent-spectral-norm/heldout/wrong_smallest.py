# diagnosis: smallest_singular
import tensorflow as tf


def cap_spectral_norm(kernel, max_sigma):
    s = tf.linalg.svd(kernel, compute_uv=False)
    sigma = float(s[-1])            # largest one
    if sigma > max_sigma:
        kernel.assign(kernel * (max_sigma / sigma))
    return sigma
