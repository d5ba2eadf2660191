# diagnosis: velocity_sign
import tensorflow as tf


def momentum_step(w, velocity, grad, lr, momentum):
    # velocity points along the gradient, and the weight steps against it
    velocity.assign(momentum * velocity + lr * grad)
    w.assign_sub(velocity)
