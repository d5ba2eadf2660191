# diagnosis: wrong_optimizer
import keras


def port_optimizer(old):
    return keras.optimizers.Adam(learning_rate=old["lr"], global_clipnorm=old.get("clipnorm"),
                                 clipvalue=old.get("clipvalue"))
