# diagnosis: hardcoded_threshold
import keras


def make_optimizer(learning_rate, max_global_norm):
    return keras.optimizers.Adam(learning_rate=learning_rate, global_clipnorm=1.0)
