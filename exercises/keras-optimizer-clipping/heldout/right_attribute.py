# right: global_clipnorm set on the optimizer after it is made
import keras


def make_optimizer(learning_rate, max_global_norm):
    optimizer = keras.optimizers.Adam(learning_rate=learning_rate)
    optimizer.global_clipnorm = max_global_norm
    return optimizer
