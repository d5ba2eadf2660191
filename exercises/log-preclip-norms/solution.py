import keras
import numpy as np
import tensorflow as tf


def train_and_log(model, optimizer, loss_fn, batches, clip_norm):
    """One global-norm-clipped step per (x, y) batch; returns every step's pre-clip global norm.

    A step whose norm is nan/inf is logged and skipped (not applied).
    """
    log = []
    variables = model.trainable_weights
    for x, y in batches:
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, variables)
        clipped, norm = tf.clip_by_global_norm(grads, clip_norm)
        log.append(float(norm))  # the number worth logging: how far this step blew up, before any cut
        if np.isfinite(log[-1]):  # a nan/inf norm makes every clipped gradient nan: skip the step
            optimizer.apply_gradients(zip(clipped, variables))
    return np.array(log)


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
    print("clip 전 norm:", norms.round(3))
    print("적용한 update 수:", int(optimizer.iterations))
