import keras
import tensorflow as tf


def make_optimizer(learning_rate, clip_norm):
    return keras.optimizers.LossScaleOptimizer(
        keras.optimizers.SGD(learning_rate, global_clipnorm=clip_norm), initial_scale=2.0**15)


def train_step(model, optimizer, x, y):
    scale = float(optimizer.dynamic_scale)
    with tf.GradientTape() as tape:
        loss = keras.losses.MeanSquaredError()(y, tf.cast(model(x), tf.float32))
        scaled_loss = optimizer.scale_loss(loss)
    grads = tape.gradient(scaled_loss, model.trainable_variables)
    _, scaled_norm = tf.clip_by_global_norm(grads, 1.0)    # only to read the norm
    optimizer.apply_gradients(list(zip(grads, model.trainable_variables)))
    return float(scaled_norm) / scale
