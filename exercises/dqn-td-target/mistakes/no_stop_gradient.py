# diagnosis: no_stop_gradient
import tensorflow as tf


def td_loss(online, target, states, actions, rewards, next_states, dones, gamma):
    q_taken = tf.gather(online(states), actions, axis=1, batch_dims=1)
    next_q = target(next_states)  # no stop_gradient: the target network gets gradients too
    y = rewards + gamma * (1.0 - dones) * tf.reduce_max(next_q, axis=1)
    return tf.reduce_mean(tf.square(y - q_taken))
