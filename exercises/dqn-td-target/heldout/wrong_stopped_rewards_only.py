# diagnosis: no_stop_gradient
import tensorflow as tf


def td_loss(online, target, states, actions, rewards, next_states, dones, gamma):
    q_taken = tf.gather(online(states), actions, axis=1, batch_dims=1)
    y = tf.stop_gradient(rewards) + gamma * (1.0 - dones) * tf.reduce_max(target(next_states), axis=1)
    return tf.reduce_mean(tf.square(y - q_taken))
