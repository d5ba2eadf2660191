# diagnosis: nesterov_dropped
import keras


def port_optimizer(old):
    config = {"learning_rate": old["lr"], "momentum": old.get("momentum", 0.0)}
    if old.get("clipnorm") is not None:
        config["global_clipnorm"] = old["clipnorm"]
    if old.get("clipvalue") is not None:
        config["clipvalue"] = old["clipvalue"]
    return keras.optimizers.SGD(**config)
