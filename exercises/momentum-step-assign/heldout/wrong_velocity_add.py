# diagnosis: velocity_accumulated
import tensorflow as tf


def momentum_step(w, velocity, grad, lr, momentum):
    velocity.assign_add(momentum * velocity - lr * grad)
    w.assign_add(velocity)
