# diagnosis: rebound_velocity
import tensorflow as tf


def momentum_step(w, velocity, grad, lr, momentum):
    velocity = momentum * velocity - lr * grad   # the Variable keeps its old value for the next step
    w.assign_add(velocity)
