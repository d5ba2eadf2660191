# diagnosis: lr_ignored
import keras


def port_optimizer(old):
    return keras.optimizers.SGD(momentum=old.get("momentum", 0.0), nesterov=old.get("nesterov", False),
                                global_clipnorm=old.get("clipnorm"), clipvalue=old.get("clipvalue"))
