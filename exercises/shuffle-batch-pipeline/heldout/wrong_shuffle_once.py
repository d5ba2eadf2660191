# diagnosis: same_order_each_epoch
import tensorflow as tf


def make_dataset(pixels, labels, batch_size, seed):
    # 데이터를 미리 한 번 섞어 두기
    order = tf.random.shuffle(tf.range(tf.shape(pixels)[0]), seed=seed)
    x = tf.gather(pixels, order)
    y = tf.gather(labels, order)
    ds = tf.data.Dataset.from_tensor_slices((tf.cast(x, tf.float32) / 255.0, y))
    return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
