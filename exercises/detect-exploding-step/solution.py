import numpy as np
import tensorflow as tf


def find_exploding_steps(norms, k):
    """Find the steps whose global gradient norm exploded, and a clipping threshold.

    threshold = k * (median of the finite norms); a step explodes when its norm is nan/inf or above threshold.
    Returns (steps, threshold): the exploding step indices (0-based, ascending) and the threshold as a float.
    """
    values = np.asarray(norms, dtype=np.float64)  # works for a numpy array and for an eager tf.Tensor
    finite = np.isfinite(values)
    # The median, not the mean: a few huge spikes barely move it, so it describes a "normal" step.
    threshold = float(k * np.median(values[finite]))
    exploding = ~finite | (values > threshold)  # nan > x is False, so nan needs its own test
    steps = np.flatnonzero(exploding)
    return steps, threshold


if __name__ == "__main__":
    history = np.array([1.1, 0.9, 1.0, 1.2, 35.0, 1.0, 0.95, np.nan, 1.05, 9.0, 1.1, np.inf])
    steps, threshold = find_exploding_steps(history, k=5.0)
    print("threshold (clip_norm 후보):", round(threshold, 4))
    print("폭발한 step:", [int(s) for s in steps])
    print("mean으로 했다면:", round(5.0 * float(np.mean(history[np.isfinite(history)])), 4))
    steps, threshold = find_exploding_steps(tf.constant(history, dtype=tf.float32), k=5.0)
    print("tf.Tensor로 넣어도:", [int(s) for s in steps], round(float(threshold), 4))
