"""Hands the learner's choose_clip_norm one hidden norm log (numpy or tf.Tensor) and reports the two numbers
it returned, or what it returned instead."""


def observe(submission, case):
    import numpy as np
    import tensorflow as tf

    norms = np.asarray(case["norms"], dtype=np.float64)
    given = tf.constant(norms, dtype=tf.float32) if case["as_tensor"] else norms.copy()
    result = submission.choose_clip_norm(given, case["q"], case["warmup"])
    found = {"returned": tools.describe(result), "clip_norm": None, "fraction": None,
             "clip_kind": None, "fraction_kind": None}
    if isinstance(result, (tuple, list)) and len(result) == 2:
        clip_norm, fraction = result
        found["clip_kind"], found["fraction_kind"] = tools.describe(clip_norm), tools.describe(fraction)
        found["clip_norm"], found["fraction"] = tools.numeric(clip_norm), tools.numeric(fraction)
    return found
