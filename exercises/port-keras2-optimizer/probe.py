"""Builds the learner's Keras 3 optimizer from one hidden Keras 2.3 config, applies two fixed gradient steps to
fresh variables and reports where the variables are after each step, with the optimizer's clipping settings."""


def observe(submission, case):
    import keras
    import numpy as np

    optimizer = submission.port_optimizer(dict(case["old"]))
    found = {"class": type(optimizer).__name__, "is_sgd": isinstance(optimizer, keras.optimizers.SGD),
             "clipping": None, "momentum": None, "nesterov": None, "steps": None}
    if not isinstance(optimizer, keras.optimizers.Optimizer):
        return found
    found["clipping"] = tools.optimizer_clipping(optimizer)
    found["momentum"] = float(getattr(optimizer, "momentum", 0.0) or 0.0)
    found["nesterov"] = bool(getattr(optimizer, "nesterov", False))
    variables = [keras.Variable(np.asarray(w, dtype="float32")) for w in case["start"]]
    steps = []
    for grads in case["grads"]:
        optimizer.apply([np.asarray(g, dtype="float32") for g in grads], variables)
        steps.append([np.asarray(v.numpy()) for v in variables])
    found["steps"] = steps
    return found
