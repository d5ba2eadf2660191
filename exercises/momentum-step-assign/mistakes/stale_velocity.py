# diagnosis: stale_velocity
import tensorflow as tf


def momentum_step(w, velocity, grad, lr, momentum):
    w.assign_add(velocity)   # moves by the velocity of the previous step
    velocity.assign(momentum * velocity - lr * grad)
