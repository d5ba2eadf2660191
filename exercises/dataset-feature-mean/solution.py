import tensorflow as tf


def feature_mean(ds):
    """The mean of every feature over all examples of `ds`, a dataset of float32 batches of shape (b, d).

    Batches may differ in size and the dataset may not know its length, so sum and count while iterating.
    """
    total, count = None, 0
    for batch in ds:
        part = tf.reduce_sum(batch, axis=0)          # (d,): this batch's sum per feature
        total = part if total is None else total + part
        count += int(tf.shape(batch)[0])             # this batch's own size, not an assumed one
    return total / count


if __name__ == "__main__":
    x = tf.constant([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0], [4.0, 40.0], [5.0, 50.0]])
    ds = tf.data.Dataset.from_tensor_slices(x).batch(2)          # batches of 2, 2 and 1
    print(feature_mean(ds).numpy())                              # [ 3. 30.]
    unknown = ds.filter(lambda b: tf.reduce_all(b > 0))          # same batches, length unknown
    print(feature_mean(unknown).numpy())                         # [ 3. 30.]
