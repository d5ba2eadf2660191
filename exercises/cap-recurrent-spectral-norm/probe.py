"""Hands the learner's cap_spectral_norm one hidden recurrent kernel as a tf.Variable and reports the kernel's
value afterwards and the number that came back."""


def observe(submission, case):
    import numpy as np
    import tensorflow as tf

    kernel = tf.Variable(np.asarray(case["kernel"], dtype=np.float32))
    result = submission.cap_spectral_norm(kernel, case["max_sigma"])
    return {
        "after": kernel.numpy(),
        "returned": tools.describe(result),
        "returned_pair": isinstance(result, (tuple, list)),
        "sigma": tools.numeric(result),
    }
