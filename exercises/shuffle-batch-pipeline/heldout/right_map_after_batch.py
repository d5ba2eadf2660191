import tensorflow as tf


def make_dataset(pixels, labels, batch_size, seed):
    ds = tf.data.Dataset.from_tensor_slices((pixels, labels))
    ds = ds.shuffle(pixels.shape[0], seed=seed).batch(batch_size, drop_remainder=True)
    # vectorised: one cast and divide per batch instead of per example
    ds = ds.map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y), num_parallel_calls=tf.data.AUTOTUNE)
    return ds.prefetch(tf.data.AUTOTUNE)
