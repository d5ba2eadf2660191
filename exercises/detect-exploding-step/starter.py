import numpy as np
import tensorflow as tf


def find_exploding_steps(norms, k):
    """Find the steps whose global gradient norm exploded, and a clipping threshold.

    threshold = k * (median of the finite norms); a step explodes when its norm is nan/inf or above threshold.
    Returns (steps, threshold): the exploding step indices (0-based, ascending) and the threshold as a float.
    """
    # TODO 1: norms를 numpy 배열로 (tf.Tensor가 올 수도 있어)
    # TODO 2: 유한한(finite) 값만 골라서 median을 구하고, threshold = k * median
    # TODO 3: nan/inf이거나 threshold보다 큰 step의 index를 오름차순으로
    # TODO 4: (steps, threshold) return
    ...


if __name__ == "__main__":
    history = np.array([1.1, 0.9, 1.0, 1.2, 35.0, 1.0, 0.95, np.nan, 1.05, 9.0, 1.1, np.inf])
    result = find_exploding_steps(history, k=5.0)
    if result is None:
        print("find_exploding_steps가 아직 None을 return해")
    else:
        steps, threshold = result
        print("threshold (clip_norm 후보):", threshold)
        print("폭발한 step:", [int(s) for s in steps])
        print("mean으로 했다면:", round(5.0 * float(np.mean(history[np.isfinite(history)])), 4))
