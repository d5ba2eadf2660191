import numpy as np
import tensorflow as tf


def find_exploding_steps(norms, k):
    """Find the steps whose global gradient norm exploded, and a clipping threshold.

    threshold = k * (median of the finite norms); a step explodes when its norm is nan/inf or above threshold.
    Returns (steps, threshold): the exploding step indices (0-based, ascending) and the threshold as a float.
    """
    # TODO 1: norms as a numpy array (it may come as a tf.Tensor)
    # TODO 2: the median of the finite values only, then threshold = k * median
    # TODO 3: the indices of the steps that are nan/inf or above threshold, ascending
    # TODO 4: (steps, threshold) return
    ...


if __name__ == "__main__":
    history = np.array([1.1, 0.9, 1.0, 1.2, 35.0, 1.0, 0.95, np.nan, 1.05, 9.0, 1.1, np.inf])
    result = find_exploding_steps(history, k=5.0)
    if result is None:
        print("find_exploding_steps still returns None")
    else:
        steps, threshold = result
        print("threshold (clip_norm candidate):", threshold)
        print("exploding steps:", [int(s) for s in steps])
        print("with the mean instead:", round(5.0 * float(np.mean(history[np.isfinite(history)])), 4))
