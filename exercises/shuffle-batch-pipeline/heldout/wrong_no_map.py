# diagnosis: forgot_map
import tensorflow as tf


def make_dataset(pixels, labels, batch_size, seed):
    return (tf.data.Dataset.from_tensor_slices((pixels, labels))
            .shuffle(10000, seed=seed)
            .batch(batch_size, drop_remainder=True)
            .prefetch(tf.data.AUTOTUNE))
