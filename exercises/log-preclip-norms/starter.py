import keras
import numpy as np
import tensorflow as tf


def train_and_log(model, optimizer, loss_fn, batches, clip_norm):
    """One global-norm-clipped step per (x, y) batch; returns every step's pre-clip global norm.

    A step whose norm is nan/inf is logged and skipped (not applied).
    """
    # TODO 1: batch마다 GradientTape 안에서 loss를 계산하고 model.trainable_weights의 gradient를 구해
    # TODO 2: clip 전 global norm을 float로 리스트에 기록해 (nan/inf여도 기록)
    # TODO 3: norm이 유한할 때만 global norm clipping을 하고 optimizer.apply_gradients로 한 번 적용해
    # TODO 4: 기록한 norm을 1-D numpy 배열로 return
    ...


if __name__ == "__main__":
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="tanh"), keras.layers.Dense(1)])
    optimizer = keras.optimizers.SGD(learning_rate=0.1)
    loss_fn = keras.losses.MeanSquaredError()
    batches = []
    for i in range(5):
        x = tf.random.normal((8, 3))
        y = 3.0 * tf.reduce_sum(x, axis=1, keepdims=True)
        if i == 2:
            y = tf.where(tf.range(8)[:, None] == 0, float("nan"), y)  # label 하나가 망가진 batch
        batches.append((x, y))
    norms = train_and_log(model, optimizer, loss_fn, batches, clip_norm=1.0)
    if norms is None:
        print("train_and_log가 아직 None을 return해")
    else:
        print("clip 전 norm:", np.round(np.asarray(norms, dtype=float), 3))
    print("적용한 update 수:", int(optimizer.iterations))
