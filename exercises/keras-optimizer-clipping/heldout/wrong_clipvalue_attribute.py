# diagnosis: clipvalue_used
import keras


def make_optimizer(learning_rate, max_global_norm):
    opt = keras.optimizers.Adam(learning_rate=learning_rate)
    opt.clipvalue = max_global_norm
    return opt
