# diagnosis: label_not_constant
import tensorflow as tf


def double_dqn_targets(online, target, rewards, next_states, dones, gamma):
    chosen = tf.argmax(online(next_states), axis=1)
    scored = tf.gather(target(next_states), chosen, axis=1, batch_dims=1)
    return rewards + gamma * (1.0 - dones) * scored   # no stop_gradient: y is not a constant label
