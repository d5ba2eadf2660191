"""Writes the case's checkpoints (model, Adam state, step) with a CheckpointManager, calls resume on a fresh model
and an unbuilt Adam, then reports what was restored and where one more Adam step lands."""


def observe(submission, case):
    import shutil
    import tempfile

    import keras
    import numpy as np
    import tensorflow as tf

    width = case["width"]

    def build():
        return keras.Sequential([keras.Input((width,)), keras.layers.Dense(2)])

    directory = tempfile.mkdtemp()
    try:
        # The saving side is built once per job (an Adam build is most of a case's cost) and refilled per save.
        saved = tools.job_model(("saved", width), build, case["saves"][0]["weights"])
        if _saver.get("key") != (width, case["lr"]):
            optimizer = keras.optimizers.Adam(case["lr"])
            optimizer.build(saved.trainable_variables)
            _saver.update(key=(width, case["lr"]), optimizer=optimizer, step=tf.Variable(0))
        optimizer, step = _saver["optimizer"], _saver["step"]
        manager = tf.train.CheckpointManager(tf.train.Checkpoint(model=saved, optimizer=optimizer, step=step),
                                             directory, max_to_keep=2)
        for s in case["saves"]:
            saved.set_weights([np.asarray(w, dtype="float32") for w in s["weights"]])
            optimizer.iterations.assign(s["iterations"])
            for var, value in zip(list(optimizer._momentums) + list(optimizer._velocities), s["moments"]):
                var.assign(np.asarray(value, dtype="float32"))
            step.assign(s["step"])
            manager.save(checkpoint_number=s["step"])

        model = tools.job_model(("fresh", width), build, case["fresh"])
        fresh_optimizer = keras.optimizers.Adam(case["lr"])   # unbuilt: its moments come from the checkpoint
        try:
            result = submission.resume(model, fresh_optimizer, directory)
        except (tf.errors.DataLossError, tf.errors.NotFoundError, ValueError) as exc:
            # Restoring from the folder itself, or Keras' load_weights on a TF checkpoint: mistakes the checks name.
            text = str(exc)
            kind = ("directory" if isinstance(exc, (tf.errors.DataLossError, tf.errors.NotFoundError))
                    else "keras_format" if "File format not supported" in text else None)
            if kind is None:
                raise
            return {"error": kind, "message": text.split(";")[0][:200]}
        restored = [w.numpy() for w in model.trainable_weights]
        iterations = int(fresh_optimizer.iterations)
        fresh_optimizer.apply_gradients(zip([tf.constant(g, dtype=tf.float32) for g in case["grads"]],
                                            model.trainable_weights))
        return {"error": None, "returned": tools.describe(result), "step": _as_int(result),
                "weights": restored, "iterations": iterations,
                "after_step": [w.numpy() for w in model.trainable_weights]}
    finally:
        shutil.rmtree(directory, ignore_errors=True)


_saver: dict = {}


def _as_int(value):
    try:
        arr = tools.to_numpy(value)
        return int(arr) if arr is not None and arr.size == 1 else None
    except Exception:
        return None
