# diagnosis: used_len
import tensorflow as tf


def feature_mean(ds):
    total = 0.0
    for batch in ds:
        total += tf.reduce_sum(batch, axis=0)
    batch_size = int(next(iter(ds)).shape[0])
    return total / (len(ds) * batch_size)   # len() raises when the length is unknown; also assumes full batches
