# diagnosis: plus_equals
import tensorflow as tf


def momentum_step(w, velocity, grad, lr, momentum):
    velocity.assign(momentum * velocity - lr * grad)
    w += velocity
