# diagnosis: sum_instead_of_mean
import tensorflow as tf


def semi_gradient_td_step(w, features, rewards, next_features, dones, gamma, lr):
    with tf.GradientTape() as tape:
        v = tf.linalg.matvec(features, w)
        target = tf.stop_gradient(rewards + gamma * (1.0 - dones) * tf.linalg.matvec(next_features, w))
        td_error = target - v
        loss = 0.5 * tf.reduce_sum(tf.square(td_error))
    w.assign_sub(lr * tape.gradient(loss, w))
    return td_error
