import keras
import tensorflow as tf


def make_optimizer(learning_rate, clip_norm):
    sgd = keras.optimizers.SGD(learning_rate=learning_rate, global_clipnorm=clip_norm)
    return keras.mixed_precision.LossScaleOptimizer(inner_optimizer=sgd)


def train_step(model, optimizer, x, y):
    params = model.trainable_variables
    with tf.GradientTape() as tape:
        error = tf.cast(model(x), tf.float32) - y
        scaled = optimizer.scale_loss(tf.reduce_mean(error * error))
    grads = tape.gradient(scaled, params)
    current = tf.convert_to_tensor(optimizer.dynamic_scale)
    real = [g / current for g in grads]
    norm = tf.sqrt(tf.add_n([tf.reduce_sum(tf.square(g)) for g in real]))
    optimizer.apply(grads, params)
    return norm
