# diagnosis: roles_swapped
import tensorflow as tf


def double_dqn_targets(online, target, rewards, next_states, dones, gamma):
    a = tf.argmax(target(next_states), axis=1)
    q = tf.gather(online(next_states), a, axis=1, batch_dims=1)
    y = rewards + gamma * (1.0 - dones) * q
    return tf.stop_gradient(y)
