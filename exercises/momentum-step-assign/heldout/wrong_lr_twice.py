# diagnosis: lr_twice
import tensorflow as tf


def momentum_step(w, velocity, grad, lr, momentum):
    velocity.assign(momentum * velocity - lr * grad)
    w.assign_add(lr * velocity)
