# diagnosis: small_buffer
import tensorflow as tf


def make_dataset(pixels, labels, batch_size, seed):
    ds = tf.data.Dataset.from_tensor_slices((pixels, labels))
    ds = ds.shuffle(batch_size, seed=seed)   # buffer = batch 크기면 충분하겠지
    ds = ds.map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y))
    ds = ds.batch(batch_size, drop_remainder=True)
    return ds.prefetch(tf.data.AUTOTUNE)
