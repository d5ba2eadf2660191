# diagnosis: frobenius_norm
import tensorflow as tf


def cap_spectral_norm(kernel, max_sigma):
    sigma = float(tf.linalg.norm(kernel))
    if sigma > max_sigma:
        kernel.assign(kernel * (max_sigma / sigma))
    return sigma
