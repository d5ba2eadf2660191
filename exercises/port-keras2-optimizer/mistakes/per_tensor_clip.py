# diagnosis: per_tensor_clip
import keras


def port_optimizer(old):
    config = dict(old)
    config["learning_rate"] = config.pop("lr")
    return keras.optimizers.SGD(**config)
