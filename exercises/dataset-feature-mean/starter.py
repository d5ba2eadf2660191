import tensorflow as tf


def feature_mean(ds):
    """The mean of every feature over all examples of `ds`, a dataset of float32 batches of shape (b, d).

    Batches may differ in size and the dataset may not know its length, so sum and count while iterating.
    """
    # TODO: dataset을 돌면서 feature별 합과 예제 수를 모아.
    # TODO: 다 돌고 나서 합 / 예제 수를 return해 (shape (d,)).
    ...

if __name__ == "__main__":
    x = tf.constant([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0], [4.0, 40.0], [5.0, 50.0]])
    ds = tf.data.Dataset.from_tensor_slices(x).batch(2)          # 2개, 2개, 1개짜리 batch
    print(feature_mean(ds))                                      # 기대값: [ 3. 30.]
    unknown = ds.filter(lambda b: tf.reduce_all(b > 0))          # batch는 같고, 길이는 모름
    print(feature_mean(unknown))                                 # 기대값: [ 3. 30.]
