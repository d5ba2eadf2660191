# diagnosis: wrong_axis
import tensorflow as tf


def td_loss(online, target, states, actions, rewards, next_states, dones, gamma):
    q_taken = tf.gather(online(states), actions, axis=1, batch_dims=1)
    next_q = tf.stop_gradient(target(next_states))
    best_next = tf.reduce_max(next_q)
    y = rewards + gamma * (1.0 - dones) * best_next
    return tf.reduce_mean((y - q_taken) ** 2)
