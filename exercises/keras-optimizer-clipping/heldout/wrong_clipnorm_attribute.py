# diagnosis: clipnorm_instead_of_global
import keras


def make_optimizer(learning_rate, max_global_norm):
    optimizer = keras.optimizers.Adam(learning_rate=learning_rate)
    optimizer.clipnorm = max_global_norm   # the norm of the gradients
    return optimizer
