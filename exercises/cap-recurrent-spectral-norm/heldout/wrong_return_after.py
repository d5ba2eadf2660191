# diagnosis: sigma_after
import tensorflow as tf


def cap_spectral_norm(kernel, max_sigma):
    sigma = tf.linalg.svd(kernel, compute_uv=False)[0]
    if sigma > max_sigma:
        kernel.assign(kernel * max_sigma / sigma)
        sigma = tf.linalg.svd(kernel, compute_uv=False)[0]
    return float(sigma)
