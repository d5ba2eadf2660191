# diagnosis: label_not_constant
import tensorflow as tf


def double_dqn_targets(online, target, rewards, next_states, dones, gamma):
    best = tf.argmax(online(next_states), axis=1)
    q_best = tf.gather(target(next_states), best, axis=1, batch_dims=1)
    return rewards + gamma * (1.0 - dones) * q_best
