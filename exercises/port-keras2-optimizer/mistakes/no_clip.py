# diagnosis: no_clip
import keras


def port_optimizer(old):
    return keras.optimizers.SGD(learning_rate=old["lr"], momentum=old.get("momentum", 0.0),
                                nesterov=old.get("nesterov", False), clipvalue=old.get("clipvalue"))
