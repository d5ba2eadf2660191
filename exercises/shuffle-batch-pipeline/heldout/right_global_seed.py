import tensorflow as tf


def make_dataset(pixels, labels, batch_size, seed):
    tf.random.set_seed(seed)   # the shuffle takes its seed from the global one
    ds = tf.data.Dataset.from_tensor_slices((pixels, labels))
    ds = ds.map(lambda p, l: (tf.image.convert_image_dtype(p, tf.float32), l))
    ds = ds.shuffle(len(pixels))
    ds = ds.batch(batch_size, drop_remainder=True)
    return ds.prefetch(buffer_size=tf.data.AUTOTUNE)
