# right: one-hot mask to pick Q(s, a), stop_gradient on the whole target y
import tensorflow as tf


def td_loss(online, target, states, actions, rewards, next_states, dones, gamma):
    q = online(states)
    mask = tf.one_hot(actions, depth=q.shape[-1])
    q_taken = tf.reduce_sum(q * mask, axis=1)
    y = tf.stop_gradient(rewards + gamma * (1.0 - dones) * tf.reduce_max(target(next_states), axis=-1))
    return tf.reduce_mean(tf.square(q_taken - y))
