# diagnosis: clipnorm_instead_of_global
import keras


def make_optimizer(learning_rate, max_global_norm):
    # clipnorm clips each variable's gradient separately, not the norm of all of them together.
    return keras.optimizers.Adam(learning_rate=learning_rate, clipnorm=max_global_norm)
