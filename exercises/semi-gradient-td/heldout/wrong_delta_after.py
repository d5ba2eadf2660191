# diagnosis: td_error_after_update
import tensorflow as tf


def semi_gradient_td_step(w, features, rewards, next_features, dones, gamma, lr):
    def td():
        v = tf.linalg.matvec(features, w)
        target = tf.stop_gradient(rewards + gamma * (1.0 - dones) * tf.linalg.matvec(next_features, w))
        return target - v
    with tf.GradientTape() as tape:
        loss = 0.5 * tf.reduce_mean(tf.square(td()))
    w.assign_sub(lr * tape.gradient(loss, w))
    return td()
