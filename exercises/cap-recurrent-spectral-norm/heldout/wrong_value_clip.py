# diagnosis: value_clip
import tensorflow as tf


def cap_spectral_norm(kernel, max_sigma):
    sigma = float(tf.linalg.svd(kernel, compute_uv=False)[0])
    if sigma > max_sigma:
        kernel.assign(tf.clip_by_value(kernel, -max_sigma, max_sigma))
    return sigma
