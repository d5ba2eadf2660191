# right: tf.gather_nd with (row, action) pairs and the Keras MSE loss
import keras
import tensorflow as tf


def td_loss(online, target, states, actions, rewards, next_states, dones, gamma):
    rows = tf.range(tf.shape(actions)[0])
    idx = tf.stack([rows, tf.cast(actions, tf.int32)], axis=1)
    q_taken = tf.gather_nd(online(states), idx)
    best_next = tf.reduce_max(tf.stop_gradient(target(next_states)), axis=1)
    not_done = 1.0 - dones
    y = rewards + gamma * not_done * best_next
    return keras.losses.MeanSquaredError()(y, q_taken)
