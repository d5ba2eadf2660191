# diagnosis: rebound_weight
import tensorflow as tf


def momentum_step(w, velocity, grad, lr, momentum):
    velocity.assign(momentum * velocity - lr * grad)
    w = w + velocity   # a new tensor under the local name w: the caller's Variable never moves
    return w
