import tensorflow as tf


def make_dataset(pixels, labels, batch_size, seed):
    """A training pipeline: (x, y) batches with x = pixels / 255 as float32, shuffled over the whole data set
    with `seed` (a new order every epoch), full batches only, prefetched."""
    n = int(pixels.shape[0])

    def scale(x, y):
        return tf.cast(x, tf.float32) / 255.0, y

    return (tf.data.Dataset.from_tensor_slices((pixels, labels))
            .shuffle(buffer_size=n, seed=seed)          # a buffer as big as the data: an even shuffle
            .map(scale)
            .batch(batch_size, drop_remainder=True)     # every step gets exactly batch_size examples
            .prefetch(tf.data.AUTOTUNE))


if __name__ == "__main__":
    pixels = tf.constant([[i, 2 * i, 255 - i] for i in range(10)], dtype=tf.uint8)
    labels = tf.constant([i % 3 for i in range(10)])
    ds = make_dataset(pixels, labels, batch_size=4, seed=0)
    for epoch in range(2):
        for x, y in ds:
            print(epoch, x.shape, x.dtype.name, y.numpy())
