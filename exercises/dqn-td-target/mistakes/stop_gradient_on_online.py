# diagnosis: stop_gradient_on_online
import tensorflow as tf


def td_loss(online, target, states, actions, rewards, next_states, dones, gamma):
    q = tf.stop_gradient(online(states))  # blocks the network that should learn
    q_taken = tf.gather(q, actions, axis=1, batch_dims=1)
    next_q = target(next_states)          # ...and lets the target one learn instead
    y = rewards + gamma * (1.0 - dones) * tf.reduce_max(next_q, axis=1)
    return tf.reduce_mean(tf.square(y - q_taken))
