# diagnosis: clipped_before_unscaling
import keras
import tensorflow as tf

CLIP = {}


def make_optimizer(learning_rate, clip_norm):
    CLIP["norm"] = clip_norm
    return keras.optimizers.LossScaleOptimizer(keras.optimizers.SGD(learning_rate))


def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.cast(model(x), tf.float32) - y))
        scaled_loss = optimizer.scale_loss(loss)
    grads = tape.gradient(scaled_loss, model.trainable_variables)
    clipped, norm = tf.clip_by_global_norm(grads, CLIP["norm"])
    norm = norm / optimizer.dynamic_scale
    optimizer.apply_gradients(zip(clipped, model.trainable_variables))
    return norm
