# diagnosis: not_assigned
import tensorflow as tf


def cap_spectral_norm(kernel, max_sigma):
    sigma = float(tf.linalg.svd(kernel, compute_uv=False)[0])
    capped = kernel * min(1.0, max_sigma / sigma) if sigma > 0 else kernel
    return sigma
