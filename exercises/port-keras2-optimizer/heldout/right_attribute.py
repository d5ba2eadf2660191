import keras


def port_optimizer(old):
    opt = keras.optimizers.SGD(learning_rate=old["lr"], momentum=old.get("momentum", 0.0),
                               nesterov=bool(old.get("nesterov", False)))
    if old.get("clipnorm"):
        opt.global_clipnorm = old["clipnorm"]
    if old.get("clipvalue"):
        opt.clipvalue = old["clipvalue"]
    return opt
