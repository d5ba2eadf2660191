import tensorflow as tf


def momentum_step(w, velocity, grad, lr, momentum):
    velocity.assign(velocity * momentum)
    velocity.assign_sub(grad * lr)
    w.assign_add(velocity.read_value())
