# diagnosis: wrong_learning_rate
import keras


def make_optimizer(learning_rate, max_global_norm):
    return keras.optimizers.Adam(global_clipnorm=max_global_norm)  # learning_rate left at Adam's default
