import keras
import tensorflow as tf


def semi_gradient_td_step(w, features, rewards, next_features, dones, gamma, lr):
    v_next = tf.stop_gradient(tf.einsum("bd,d->b", next_features, w))
    target = rewards + gamma * (1.0 - dones) * v_next
    with tf.GradientTape() as tape:
        error = target - tf.einsum("bd,d->b", features, w)
        loss = tf.reduce_mean(tf.square(error)) / 2.0
    keras.optimizers.SGD(learning_rate=lr).apply_gradients([(tape.gradient(loss, w), w)])
    return error
