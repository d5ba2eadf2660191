# right: the optimizer made from a config dict through keras.optimizers.get
import keras


def make_optimizer(learning_rate, max_global_norm):
    return keras.optimizers.get({
        "class_name": "Adam",
        "config": {"learning_rate": learning_rate, "global_clipnorm": max_global_norm},
    })
