# diagnosis: unscaled_twice
import keras
import tensorflow as tf


def make_optimizer(learning_rate, clip_norm):
    return keras.optimizers.LossScaleOptimizer(keras.optimizers.SGD(learning_rate, global_clipnorm=clip_norm))


def train_step(model, optimizer, x, y):
    variables = model.trainable_variables
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.cast(model(x), tf.float32) - y))
        scaled_loss = optimizer.scale_loss(loss)
    scale = optimizer.dynamic_scale
    grads = [g / scale for g in tape.gradient(scaled_loss, variables)]   # divided here, and again inside
    optimizer.apply_gradients(zip(grads, variables))
    return tf.linalg.global_norm(grads)
