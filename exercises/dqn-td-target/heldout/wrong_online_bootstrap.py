# diagnosis: target_network_unused
import tensorflow as tf


def td_loss(online, target, states, actions, rewards, next_states, dones, gamma):
    q_taken = tf.gather(online(states), actions, axis=1, batch_dims=1)
    next_q = tf.stop_gradient(online(next_states))
    y = rewards + gamma * (1.0 - dones) * tf.reduce_max(next_q, axis=1)
    return tf.reduce_mean(tf.square(y - q_taken))
