# diagnosis: ignored_done
import tensorflow as tf


def double_dqn_targets(online, target, rewards, next_states, dones, gamma):
    best = tf.argmax(online(next_states), axis=1)
    value = tf.gather(target(next_states), best, axis=1, batch_dims=1)
    return tf.stop_gradient(rewards + gamma * value)
