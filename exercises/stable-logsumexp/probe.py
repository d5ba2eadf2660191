"""Calls logsumexp on one hidden (batch, n) tensor and reports what came back, or the shape/dtype error it hit."""


def observe(submission, case):
    import tensorflow as tf

    x = tf.constant(case["x"], dtype=case["dtype"])
    try:
        result = submission.logsumexp(x)
    except tf.errors.InvalidArgumentError as exc:
        # Broadcasting and dtype clashes are the mistakes this exercise is about: report them as observations
        # so the checks can say which shapes met, instead of a bare traceback. Anything else is the learner's.
        text = str(exc)
        if "Incompatible shapes" not in text and "expected to be a" not in text:
            raise
        return {"error": text.split("}} ")[-1].split(" [Op:")[0][:300], "value": None, "returned": "error"}
    value = tools.numeric(result)
    return {"error": None, "value": value, "returned": tools.describe(result),
            "dtype": None if value is None else str(value.dtype)}
