# diagnosis: batch_gather
import tensorflow as tf


def double_dqn_targets(online, target, rewards, next_states, dones, gamma):
    best = tf.argmax(online(next_states), axis=1)
    q_best = tf.gather(target(next_states), best, axis=1)
    y = rewards + gamma * (1.0 - dones) * q_best
    return tf.stop_gradient(y)
