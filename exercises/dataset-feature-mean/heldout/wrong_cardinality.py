# diagnosis: used_cardinality
import tensorflow as tf


def feature_mean(ds):
    n_batches = int(ds.cardinality())
    first = next(iter(ds))
    total = tf.zeros_like(first[0])
    for b in ds:
        total += tf.reduce_sum(b, 0)
    return total / (n_batches * first.shape[0])
