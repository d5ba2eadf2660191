# diagnosis: forward_changed
import tensorflow as tf


def reverse_gradient(x, lam):
    # The gradient comes out as -lam * upstream, but the values are changed too.
    return -lam * x
