# diagnosis: always_scaled
import tensorflow as tf


def cap_spectral_norm(kernel, max_sigma):
    sigma = float(tf.linalg.svd(kernel, compute_uv=False)[0])
    kernel.assign(kernel * (max_sigma / max(sigma, 1e-12)))
    return sigma
