import keras


def port_optimizer(old):
    renamed = {"lr": "learning_rate", "clipnorm": "global_clipnorm"}
    config = {renamed.get(key, key): value for key, value in old.items()}
    return keras.optimizers.SGD.from_config(config)
