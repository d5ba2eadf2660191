# diagnosis: clip_on_wrapper
import keras
import tensorflow as tf


def make_optimizer(learning_rate, clip_norm):
    inner = keras.optimizers.SGD(learning_rate)
    return keras.optimizers.LossScaleOptimizer(inner, global_clipnorm=clip_norm)   # Keras refuses this


def train_step(model, optimizer, x, y):
    variables = model.trainable_variables
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.cast(model(x), tf.float32) - y))
        scaled_loss = optimizer.scale_loss(loss)
    grads = tape.gradient(scaled_loss, variables)
    norm = tf.linalg.global_norm(grads) / optimizer.dynamic_scale
    optimizer.apply_gradients(zip(grads, variables))
    return norm
