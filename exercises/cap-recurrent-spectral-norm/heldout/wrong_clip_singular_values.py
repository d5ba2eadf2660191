# diagnosis: clipped_singular_values
import tensorflow as tf


def cap_spectral_norm(kernel, max_sigma):
    s, u, v = tf.linalg.svd(kernel)
    sigma = float(s[0])
    s_capped = tf.minimum(s, max_sigma)
    kernel.assign(u @ tf.linalg.diag(s_capped) @ tf.transpose(v))
    return sigma
