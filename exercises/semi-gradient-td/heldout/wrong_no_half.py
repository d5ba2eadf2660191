# diagnosis: update_doubled
import tensorflow as tf


def semi_gradient_td_step(w, features, rewards, next_features, dones, gamma, lr):
    with tf.GradientTape() as tape:
        prediction = tf.linalg.matvec(features, w)
        label = tf.stop_gradient(rewards + gamma * (1.0 - dones) * tf.linalg.matvec(next_features, w))
        loss = tf.reduce_mean(tf.square(label - prediction))
    w.assign_sub(lr * tape.gradient(loss, w))
    return label - prediction
