# diagnosis: same_order_each_epoch
import tensorflow as tf


def make_dataset(pixels, labels, batch_size, seed):
    n = pixels.shape[0]
    ds = tf.data.Dataset.from_tensor_slices((pixels, labels))
    ds = ds.shuffle(n, seed=seed).cache()   # cache는 첫 epoch의 순서를 그대로 저장해
    ds = ds.map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y))
    return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
