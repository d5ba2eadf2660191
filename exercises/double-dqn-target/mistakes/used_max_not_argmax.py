# diagnosis: used_max_not_argmax
import tensorflow as tf


def double_dqn_targets(online, target, rewards, next_states, dones, gamma):
    q = tf.stop_gradient(target(next_states))
    return rewards + gamma * (1.0 - dones) * tf.reduce_max(q, axis=1)   # plain DQN: select and score with target
