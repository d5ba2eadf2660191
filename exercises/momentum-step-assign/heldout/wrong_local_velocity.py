# diagnosis: rebound_velocity
import tensorflow as tf


def momentum_step(w, velocity, grad, lr, momentum):
    v = velocity * momentum
    v = v - lr * grad
    velocity = v
    w.assign(w + velocity)
