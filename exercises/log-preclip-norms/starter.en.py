import keras
import numpy as np
import tensorflow as tf


def train_and_log(model, optimizer, loss_fn, batches, clip_norm):
    """One global-norm-clipped step per (x, y) batch; returns every step's pre-clip global norm.

    A step whose norm is nan/inf is logged and skipped (not applied).
    """
    # TODO 1: for every batch, compute the loss inside a GradientTape and get the gradients of model.trainable_weights
    # TODO 2: log the pre-clip global norm into a list as a float (log it even when it is nan/inf)
    # TODO 3: only when the norm is finite, clip by global norm and apply once with optimizer.apply_gradients
    # TODO 4: return the logged norms as a 1-D numpy array
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
            y = tf.where(tf.range(8)[:, None] == 0, float("nan"), y)  # one broken label
        batches.append((x, y))
    norms = train_and_log(model, optimizer, loss_fn, batches, clip_norm=1.0)
    if norms is None:
        print("train_and_log still returns None")
    else:
        print("pre-clip norms:", np.round(np.asarray(norms, dtype=float), 3))
    print("updates applied:", int(optimizer.iterations))
