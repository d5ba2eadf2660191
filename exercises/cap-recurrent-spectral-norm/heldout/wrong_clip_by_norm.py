# diagnosis: frobenius_norm
import tensorflow as tf


def cap_spectral_norm(kernel, max_sigma):
    sigma = float(tf.linalg.svd(kernel, compute_uv=False)[0])
    kernel.assign(tf.clip_by_norm(kernel, max_sigma))
    return sigma
