# diagnosis: gradient_blocked
import tensorflow as tf


def td_loss(online, target, states, actions, rewards, next_states, dones, gamma):
    q = tf.gather(online(states), actions, axis=1, batch_dims=1)
    next_q = tf.reduce_max(target(next_states), axis=1)
    y = rewards + gamma * (1.0 - dones) * next_q
    td_error = tf.stop_gradient(y - q)   # the TD error is a fixed number
    return tf.reduce_mean(tf.square(td_error))
