# diagnosis: spectral_radius
import tensorflow as tf


def cap_spectral_norm(kernel, max_sigma):
    eig = tf.linalg.eigvals(kernel)
    sigma = float(tf.reduce_max(tf.abs(eig)))
    if sigma > max_sigma:
        kernel.assign(kernel * (max_sigma / sigma))
    return sigma
