import tensorflow as tf


def momentum_step(w, velocity, grad, lr, momentum):
    new_velocity = momentum * velocity - lr * grad
    velocity.assign(new_velocity)
    w.assign(w + new_velocity)
    return w
