import tensorflow as tf


def make_dataset(pixels, labels, batch_size, seed):
    """A training pipeline: (x, y) batches with x = pixels / 255 as float32, shuffled over the whole data set
    with `seed` (a new order every epoch), full batches only, prefetched."""
    # TODO 1: a dataset of (pixels, labels) pairs with from_tensor_slices
    # TODO 2: shuffle so that the whole data set gets mixed evenly (choose the buffer size and the seed)
    # TODO 3: map x to float32 divided by 255 (y stays as it is)
    # TODO 4: batch by batch_size, dropping the short last batch
    # TODO 5: prefetch at the end
    ...

if __name__ == "__main__":
    pixels = tf.constant([[i, 2 * i, 255 - i] for i in range(10)], dtype=tf.uint8)
    labels = tf.constant([i % 3 for i in range(10)])
    ds = make_dataset(pixels, labels, batch_size=4, seed=0)
    if ds is None:
        raise SystemExit("make_dataset does not return a dataset yet (None).")
    for epoch in range(2):
        for x, y in ds:
            print(epoch, x.shape, x.dtype.name, y.numpy())
