# diagnosis: wrong_learning_rate
import keras


def make_optimizer(learning_rate, max_global_norm):
    optimizer = keras.optimizers.Adam(global_clipnorm=max_global_norm)
    return optimizer
