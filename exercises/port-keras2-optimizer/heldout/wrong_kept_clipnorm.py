# diagnosis: per_tensor_clip
import keras


def port_optimizer(old):
    return keras.optimizers.SGD(
        learning_rate=old["lr"],
        momentum=old.get("momentum", 0.0),
        nesterov=old.get("nesterov", False),
        clipnorm=old.get("clipnorm"),
        clipvalue=old.get("clipvalue"),
    )
