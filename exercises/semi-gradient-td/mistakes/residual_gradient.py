# diagnosis: residual_gradient
import tensorflow as tf


def semi_gradient_td_step(w, features, rewards, next_features, dones, gamma, lr):
    with tf.GradientTape() as tape:
        target = rewards + gamma * (1.0 - dones) * tf.linalg.matvec(next_features, w)   # no stop_gradient
        td_error = target - tf.linalg.matvec(features, w)
        loss = 0.5 * tf.reduce_mean(tf.square(td_error))
    w.assign_sub(lr * tape.gradient(loss, w))
    return td_error
