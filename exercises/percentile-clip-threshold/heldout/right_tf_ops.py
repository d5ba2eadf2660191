import tensorflow as tf


def choose_clip_norm(norms, q, warmup):
    v = tf.cast(tf.convert_to_tensor(norms), tf.float64)[warmup:]
    v = tf.sort(tf.boolean_mask(v, tf.math.is_finite(v)))
    pos = q / 100.0 * float(int(tf.size(v)) - 1)
    lo = int(pos // 1)
    hi = min(lo + 1, int(tf.size(v)) - 1)
    clip_norm = float(v[lo]) + (float(v[hi]) - float(v[lo])) * (pos - lo)
    frac = float(tf.reduce_mean(tf.cast(v > clip_norm, tf.float64)))
    return clip_norm, frac
