# diagnosis: stale_velocity
import tensorflow as tf


def momentum_step(w, velocity, grad, lr, momentum):
    previous = velocity.read_value()
    velocity.assign(momentum * velocity - lr * grad)
    w.assign_add(previous)
