# diagnosis: no_in_place_update
import tensorflow as tf


def momentum_step(w, velocity, grad, lr, momentum):
    new_v = tf.Variable(momentum * velocity - lr * grad)
    new_w = tf.Variable(w + new_v)
    return new_w, new_v
