# diagnosis: norm_scaled
import keras
import tensorflow as tf


def make_optimizer(learning_rate, clip_norm):
    inner = keras.optimizers.SGD(learning_rate, global_clipnorm=clip_norm)
    return keras.optimizers.LossScaleOptimizer(inner)


def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        pred = tf.cast(model(x), tf.float32)
        loss = tf.reduce_mean(tf.square(pred - y))
        scaled_loss = optimizer.scale_loss(loss)
    grads = tape.gradient(scaled_loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return tf.linalg.global_norm(grads)
