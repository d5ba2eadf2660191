import numpy as np
import tensorflow as tf


def choose_clip_norm(norms, q, warmup):
    """A clip_norm from a log of pre-clip global norms: the q-th percentile of the finite values after warm-up.

    Returns (clip_norm, clipped_fraction): the threshold and the share of those values strictly above it.
    """
    # TODO 1: turn norms into a numpy array (it may arrive as a tf.Tensor)
    # TODO 2: drop the first `warmup` values, then keep only the finite ones
    # TODO 3: clip_norm = the q-th percentile of the kept values (linear interpolation)
    # TODO 4: clipped_fraction = the share of kept values above clip_norm
    # TODO 5: return (clip_norm, clipped_fraction) as floats
    ...


if __name__ == "__main__":
    history = np.array([40.0, 25.0, 3.1, 2.9, np.nan, 3.3, 2.7, 3.0, 30.0, 3.2, 2.8, 3.4, 3.0, 3.1])
    result = choose_clip_norm(history, q=90.0, warmup=2)
    if result is None:
        print("choose_clip_norm still returns None")
    else:
        clip_norm, frac = result
        print("clip_norm:", clip_norm, " clipped share:", frac)
