# diagnosis: norm_as_value
import keras


def port_optimizer(old):
    limit = old.get("clipnorm") or old.get("clipvalue")
    return keras.optimizers.SGD(learning_rate=old["lr"], momentum=old.get("momentum", 0.0),
                                nesterov=old.get("nesterov", False), clipvalue=limit)
