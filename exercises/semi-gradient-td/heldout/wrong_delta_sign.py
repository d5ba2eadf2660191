# diagnosis: td_error_sign
import tensorflow as tf


def semi_gradient_td_step(w, features, rewards, next_features, dones, gamma, lr):
    with tf.GradientTape() as tape:
        v = tf.linalg.matvec(features, w)
        target = tf.stop_gradient(rewards + gamma * (1.0 - dones) * tf.linalg.matvec(next_features, w))
        err = v - target
        loss = 0.5 * tf.reduce_mean(tf.square(err))
    w.assign_sub(lr * tape.gradient(loss, w))
    return err
