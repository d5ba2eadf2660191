# diagnosis: used_max_not_action
import tensorflow as tf


def td_loss(online, target, states, actions, rewards, next_states, dones, gamma):
    q_taken = tf.reduce_max(online(states), axis=1)  # the best action, not the one that was taken
    next_q = tf.stop_gradient(target(next_states))
    y = rewards + gamma * (1.0 - dones) * tf.reduce_max(next_q, axis=1)
    return tf.reduce_mean(tf.square(y - q_taken))
