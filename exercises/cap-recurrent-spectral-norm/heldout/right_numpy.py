import numpy as np


def cap_spectral_norm(kernel, max_sigma):
    k = kernel.numpy()
    sigma = float(np.linalg.norm(k, 2))
    if sigma > max_sigma:
        kernel.assign((k * (max_sigma / sigma)).astype(np.float32))
    return sigma
