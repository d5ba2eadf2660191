# diagnosis: always_scaled
import tensorflow as tf


def cap_spectral_norm(kernel, max_sigma):
    s = tf.linalg.svd(kernel, compute_uv=False)
    sigma = s[0]
    kernel.assign(kernel / sigma * max_sigma)
    return float(sigma)
