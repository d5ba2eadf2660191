import tensorflow as tf


def double_dqn_targets(online, target, rewards, next_states, dones, gamma):
    q_online = online(next_states)
    q_target = tf.stop_gradient(target(next_states))
    mask = tf.one_hot(tf.argmax(q_online, axis=-1), depth=q_online.shape[-1])
    q_chosen = tf.reduce_sum(mask * q_target, axis=-1)
    not_done = 1.0 - dones
    return rewards + gamma * not_done * q_chosen
