# diagnosis: clipnorm_instead_of_global
import keras


def make_optimizer(learning_rate, max_global_norm):
    return keras.optimizers.Adam(learning_rate, clipnorm=max_global_norm)
