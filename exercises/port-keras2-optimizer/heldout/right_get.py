import keras


def port_optimizer(old):
    config = {"learning_rate": old["lr"], "momentum": old.get("momentum", 0.0), "nesterov": old.get("nesterov", False)}
    if "clipnorm" in old:
        config["global_clipnorm"] = old["clipnorm"]
    if "clipvalue" in old:
        config["clipvalue"] = old["clipvalue"]
    return keras.optimizers.get({"class_name": "SGD", "config": config})
