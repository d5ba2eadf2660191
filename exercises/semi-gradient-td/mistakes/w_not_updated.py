# diagnosis: w_not_updated
import tensorflow as tf


def semi_gradient_td_step(w, features, rewards, next_features, dones, gamma, lr):
    target = rewards + gamma * (1.0 - dones) * tf.linalg.matvec(next_features, w)
    td_error = target - tf.linalg.matvec(features, w)
    new_w = w + lr * tf.reduce_mean(td_error[:, None] * features, axis=0)   # computed, never assigned
    return td_error
