# diagnosis: not_assigned
import tensorflow as tf


def cap_spectral_norm(kernel, max_sigma):
    sigma = float(tf.linalg.svd(kernel, compute_uv=False)[0])
    if sigma > max_sigma:
        kernel = kernel * (max_sigma / sigma)
    return sigma
