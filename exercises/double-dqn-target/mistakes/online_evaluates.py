# diagnosis: online_evaluates
import tensorflow as tf


def double_dqn_targets(online, target, rewards, next_states, dones, gamma):
    q = tf.stop_gradient(online(next_states))
    return rewards + gamma * (1.0 - dones) * tf.reduce_max(q, axis=1)   # the online net scores its own pick
