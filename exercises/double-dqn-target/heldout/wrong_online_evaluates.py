# diagnosis: online_evaluates
import tensorflow as tf


def double_dqn_targets(online, target, rewards, next_states, dones, gamma):
    q_next = online(next_states)
    a_star = tf.argmax(q_next, axis=1)
    q_star = tf.gather(q_next, a_star, axis=1, batch_dims=1)
    return tf.stop_gradient(rewards + gamma * (1 - dones) * q_star)
