# diagnosis: per_variable_clipnorm
import keras
import tensorflow as tf


def make_optimizer(learning_rate, clip_norm):
    sgd = keras.optimizers.SGD(learning_rate=learning_rate, clipnorm=clip_norm)
    return keras.optimizers.LossScaleOptimizer(sgd)


def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.cast(model(x), tf.float32) - y))
        scaled_loss = optimizer.scale_loss(loss)
    grads = tape.gradient(scaled_loss, model.trainable_variables)
    norm = tf.linalg.global_norm(grads) / optimizer.dynamic_scale
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return norm
