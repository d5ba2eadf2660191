import tensorflow as tf


def feature_mean(ds):
    """The mean of every feature over all examples of `ds`, a dataset of float32 batches of shape (b, d).

    Batches may differ in size and the dataset may not know its length, so sum and count while iterating.
    """
    # TODO: iterate the dataset, collecting the per-feature sum and the number of examples.
    # TODO: after the loop, return sum / count (shape (d,)).
    ...

if __name__ == "__main__":
    x = tf.constant([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0], [4.0, 40.0], [5.0, 50.0]])
    ds = tf.data.Dataset.from_tensor_slices(x).batch(2)          # batches of 2, 2 and 1
    print(feature_mean(ds))                                      # expected: [ 3. 30.]
    unknown = ds.filter(lambda b: tf.reduce_all(b > 0))          # same batches, length unknown
    print(feature_mean(unknown))                                 # expected: [ 3. 30.]
