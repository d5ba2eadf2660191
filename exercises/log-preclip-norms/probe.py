"""Builds the hidden model, runs the learner's train_and_log over the hidden batches and reports the norms it
returned, what each optimizer call was handed, and the weights afterwards."""


def observe(submission, case):
    import keras
    import numpy as np
    import tensorflow as tf

    tools.seed_all(case["seed"])
    # Built once per job and reset per case (the same start in both sandboxes).
    model = tools.job_model("net", lambda: keras.Sequential([
        keras.Input((3,)),
        keras.layers.Dense(4, activation="tanh", name="hidden"),
        keras.layers.Dense(1, name="head"),
    ]), case["weights"])
    calls = []  # what each eager optimizer.apply / apply_gradients call received (for naming a mistake)
    traced = []  # set when apply ran while tracing a tf.function: those gradients have no values to record

    class WatchedSGD(keras.optimizers.SGD):
        def apply(self, grads, trainable_variables=None):
            grads = list(grads)
            if tf.executing_eagerly():
                # What the update really uses: the optimizer's own clipping (global_clipnorm, …) applied, if set.
                try:
                    used = self._clip_gradients(grads)
                except Exception:
                    used = grads
                calls.append([None if g is None else _array(g) for g in used])
            else:
                traced.append(True)
            return super().apply(grads, trainable_variables)

    optimizer = WatchedSGD(learning_rate=case["lr"])
    loss_fn = keras.losses.MeanSquaredError()
    batches = [(tf.constant(x, dtype=tf.float32), tf.constant(y, dtype=tf.float32))
               for x, y in zip(case["xs"], case["ys"])]
    result = submission.train_and_log(model, optimizer, loss_fn, batches, case["clip_norm"])
    found = {"returned": tools.describe(result), "norms": None, "symbolic": False, "calls": calls,
             "traced": bool(traced), "iterations": int(tools.to_numpy(optimizer.iterations)),
             "after": [w.numpy() for w in model.trainable_weights]}
    items = list(result) if isinstance(result, (list, tuple)) else None
    if items is not None:
        values = []
        for v in items:
            if type(v).__name__ == "SymbolicTensor" or (hasattr(v, "shape") and not hasattr(v, "numpy")
                                                         and not isinstance(v, np.ndarray)):
                found["symbolic"] = True
                return found
            a = tools.numeric(v)
            if a is None or a.size != 1:
                return found
            values.append(float(np.ravel(a)[0]))
        found["norms"] = np.array(values, dtype=np.float64)
    else:
        a = tools.numeric(result)
        if a is not None:
            found["norms"] = np.asarray(a, dtype=np.float64)
    return found


def _array(g):
    try:
        return tools.to_numpy(g)
    except Exception:
        return None
