# diagnosis: value_as_norm
import keras


def port_optimizer(old):
    clip = old.get("clipnorm", old.get("clipvalue"))      # either way: cap the gradient
    return keras.optimizers.SGD(learning_rate=old["lr"], momentum=old.get("momentum", 0.0),
                                nesterov=old.get("nesterov", False), global_clipnorm=clip)
