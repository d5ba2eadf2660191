# diagnosis: lr_ignored
import keras


def port_optimizer(old):
    kwargs = {k: v for k, v in old.items() if k in ("momentum", "nesterov", "clipvalue")}
    if "clipnorm" in old:
        kwargs["global_clipnorm"] = old["clipnorm"]
    return keras.optimizers.SGD(**kwargs)
