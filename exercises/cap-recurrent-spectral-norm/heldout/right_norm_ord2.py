import tensorflow as tf


def cap_spectral_norm(kernel, max_sigma):
    sigma = tf.norm(kernel, ord=2, axis=[-2, -1])          # the spectral norm
    scale = tf.minimum(1.0, max_sigma / sigma)               # 0 kernel: max_sigma / 0 = inf -> 1
    kernel.assign(kernel * scale)
    return float(sigma)
