# diagnosis: wrong_optimizer
import keras


def make_optimizer(learning_rate, max_global_norm):
    return keras.optimizers.SGD(learning_rate=learning_rate, global_clipnorm=max_global_norm)
