import tensorflow as tf


def semi_gradient_td_step(w, features, rewards, next_features, dones, gamma, lr):
    v = tf.reshape(features @ tf.reshape(w, (-1, 1)), [-1])
    v_next = tf.reshape(next_features @ tf.reshape(w, (-1, 1)), [-1])
    delta = rewards + gamma * (1.0 - dones) * v_next - v
    step = lr * tf.reduce_mean(delta[:, tf.newaxis] * features, axis=0)    # the semi-gradient by hand
    w.assign_add(step)
    return delta
