"""Runs task_a_gradients on one hidden batch and reports the three gradients (None kept as None)."""


def observe(submission, case):
    import tensorflow as tf

    x = tf.constant(case["x"], dtype=tf.float32)
    y = tf.constant(case["y"], dtype=tf.float32)
    shared = tf.Variable(case["shared"].astype("float32"), name="shared")
    head_a = tf.Variable(case["head_a"].astype("float32"), name="head_a")
    head_b = tf.Variable(case["head_b"].astype("float32"), name="head_b")
    result = submission.task_a_gradients(x, y, shared, head_a, head_b)
    if not isinstance(result, (list, tuple)):
        return {"grads": None, "returned": tools.describe(result)}
    return {"grads": tools.to_numpy_list(result), "returned": tools.describe(result)}
