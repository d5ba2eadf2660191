# diagnosis: swapped_arguments
import keras


def make_optimizer(learning_rate, max_global_norm):
    return keras.optimizers.Adam(max_global_norm, global_clipnorm=learning_rate)
