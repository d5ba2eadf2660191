# diagnosis: assumed_full_batches
import tensorflow as tf


def feature_mean(ds):
    total, count, batch_size = 0.0, 0, None
    for batch in ds:
        if batch_size is None:
            batch_size = batch.shape[0]
        total += tf.reduce_sum(batch, axis=0)
        count += batch_size
    return total / count
