# diagnosis: sign_flipped
import tensorflow as tf


def semi_gradient_td_step(w, features, rewards, next_features, dones, gamma, lr):
    v = tf.linalg.matvec(features, w)
    target = rewards + gamma * (1.0 - dones) * tf.linalg.matvec(next_features, w)
    td_error = target - v
    # move along the TD error times the features
    w.assign_sub(lr * tf.reduce_mean(td_error[:, None] * features, axis=0))
    return td_error
