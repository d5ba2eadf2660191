# diagnosis: divided_by_batches
import tensorflow as tf


def feature_mean(ds):
    total = 0.0
    count = 0
    for batch in ds:
        total += tf.reduce_sum(batch, axis=0)
        count += 1
    return total / count
