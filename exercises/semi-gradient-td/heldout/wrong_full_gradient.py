# diagnosis: residual_gradient
import tensorflow as tf


def semi_gradient_td_step(w, features, rewards, next_features, dones, gamma, lr):
    with tf.GradientTape() as tape:
        v = tf.linalg.matvec(features, w)
        v_next = tf.linalg.matvec(next_features, w)
        td_error = rewards + gamma * (1.0 - dones) * v_next - v
        loss = 0.5 * tf.reduce_mean(td_error ** 2)
    grad = tape.gradient(loss, w)
    w.assign_sub(lr * grad)
    return td_error
