import tensorflow as tf


def double_dqn_targets(online, target, rewards, next_states, dones, gamma):
    actions = tf.argmax(online(next_states), axis=1, output_type=tf.int32)
    rows = tf.range(tf.shape(actions)[0])
    values = tf.gather_nd(target(next_states), tf.stack([rows, actions], axis=1))
    y = tf.where(dones > 0.5, rewards, rewards + gamma * values)
    return tf.stop_gradient(y)
