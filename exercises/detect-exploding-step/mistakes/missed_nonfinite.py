# diagnosis: missed_nonfinite
import tensorflow as tf


def find_exploding_steps(norms, k):
    values = tf.cast(tf.convert_to_tensor(norms), tf.float64)
    finite = tf.sort(tf.boolean_mask(values, tf.math.is_finite(values)))
    n = int(tf.size(finite))
    median = (finite[(n - 1) // 2] + finite[n // 2]) / 2.0
    threshold = float(k * median)
    steps = tf.reshape(tf.where(values > threshold), [-1])  # nan > threshold is False: nan steps slip through
    return steps, threshold
