import numpy as np
import tensorflow as tf


def choose_clip_norm(norms, q, warmup):
    """A clip_norm from a log of pre-clip global norms: the q-th percentile of the finite values after warm-up.

    Returns (clip_norm, clipped_fraction): the threshold and the share of those values strictly above it.
    """
    values = np.asarray(norms, dtype=np.float64)  # works for a numpy array and for an eager tf.Tensor
    kept = values[warmup:]  # warm-up norms are large and not yet typical
    kept = kept[np.isfinite(kept)]  # one nan would turn the percentile into nan
    clip_norm = float(np.percentile(kept, q))
    # A norm equal to clip_norm is left unchanged by tf.clip_by_global_norm, so only norms above it count.
    clipped_fraction = float(np.mean(kept > clip_norm))
    return clip_norm, clipped_fraction


if __name__ == "__main__":
    history = np.array([40.0, 25.0, 3.1, 2.9, np.nan, 3.3, 2.7, 3.0, 30.0, 3.2, 2.8, 3.4, 3.0, 3.1])
    clip_norm, frac = choose_clip_norm(history, q=90.0, warmup=2)
    print("clip_norm:", round(clip_norm, 4), " 잘릴 비율:", round(frac, 4))
    clip_norm, frac = choose_clip_norm(tf.constant(history, dtype=tf.float32), q=90.0, warmup=0)
    print("warm-up을 안 버리면:", round(clip_norm, 4), round(frac, 4))
