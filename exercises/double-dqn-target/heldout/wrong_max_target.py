# diagnosis: used_max_not_argmax
import tensorflow as tf


def double_dqn_targets(online, target, rewards, next_states, dones, gamma):
    next_q = target(next_states)
    best_value = tf.reduce_max(next_q, axis=1)
    return tf.stop_gradient(rewards + gamma * (1.0 - dones) * best_value)
