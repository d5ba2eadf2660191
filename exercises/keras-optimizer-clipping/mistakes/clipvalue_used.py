# diagnosis: clipvalue_used
import keras


def make_optimizer(learning_rate, max_global_norm):
    return keras.optimizers.Adam(learning_rate=learning_rate, clipvalue=max_global_norm)
