import tensorflow as tf


def momentum_step(w, velocity, grad, lr, momentum):
    v = velocity.assign(momentum * velocity - lr * grad)
    return w.assign_add(v), v
