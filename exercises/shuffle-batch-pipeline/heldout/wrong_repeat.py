# diagnosis: infinite_dataset
import tensorflow as tf


def make_dataset(pixels, labels, batch_size, seed):
    ds = tf.data.Dataset.from_tensor_slices((pixels, labels))
    ds = ds.shuffle(pixels.shape[0], seed=seed).repeat()   # 여러 epoch 돌려야 하니까
    ds = ds.map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y))
    return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
