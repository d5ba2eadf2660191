# diagnosis: momentum_dropped
import keras


def port_optimizer(old):
    return keras.optimizers.SGD(learning_rate=old["lr"], global_clipnorm=old.get("clipnorm"),
                                clipvalue=old.get("clipvalue"))
