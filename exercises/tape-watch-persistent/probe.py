"""Calls two_gradients on one hidden x and reports the gradients and the tapes it created."""


def observe(submission, case):
    import tensorflow as tf

    x = tf.constant(case["x"], dtype=tf.float32)

    # Record every GradientTape the learner creates (and whether it is persistent) for the tape check.
    tapes = []
    original_init = tf.GradientTape.__init__

    def recording_init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        tapes.append(bool(getattr(self, "_persistent", False)))

    tf.GradientTape.__init__ = recording_init
    try:
        result = submission.two_gradients(x)
    except RuntimeError as exc:
        # A second tape.gradient on a non-persistent tape raises; report it as an observation so the
        # checks can explain persistent tapes instead of showing a bare traceback.
        if "non-persistent" not in str(exc):
            raise
        return {"non_persistent_error": str(exc), "tapes": tapes, "grads": None, "returned": "RuntimeError"}
    finally:
        tf.GradientTape.__init__ = original_init

    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return {"non_persistent_error": None, "tapes": tapes, "grads": None, "returned": tools.describe(result)}
    return {"non_persistent_error": None, "tapes": tapes, "grads": tools.to_numpy_list(result),
            "returned": tools.describe(result)}
