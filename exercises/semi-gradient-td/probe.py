"""Calls the learner's semi_gradient_td_step once on a fresh variable w and reports w after the step and the TD
errors that came back."""


def observe(submission, case):
    import tensorflow as tf

    w = tf.Variable(case["w"], dtype=tf.float32)
    result = submission.semi_gradient_td_step(
        w, tf.constant(case["features"]), tf.constant(case["rewards"]), tf.constant(case["next_features"]),
        tf.constant(case["dones"]), case["gamma"], case["lr"])
    return {"w_after": w.numpy(), "returned": tools.describe(result), "td_error": tools.numeric(result)}
