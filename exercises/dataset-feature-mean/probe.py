"""Batches the hidden examples into a dataset (sometimes of unknown length), calls feature_mean, reports the result."""


def observe(submission, case):
    import tensorflow as tf

    ds = tf.data.Dataset.from_tensor_slices(tf.constant(case["x"], dtype=tf.float32)).batch(case["batch_size"])
    if case["unknown_length"]:
        ds = ds.filter(lambda b: tf.reduce_all(tf.math.is_finite(b)))  # keeps every batch; the length is unknown
    ds = ds.prefetch(2)
    try:
        result = submission.feature_mean(ds)
    except TypeError as exc:
        # len() of a dataset of unknown length: a mistake the checks explain. Anything else is the learner's.
        if "length is unknown" not in str(exc):
            raise
        return {"len_error": str(exc), "value": None, "returned": "error"}
    return {"len_error": None, "value": tools.numeric(result), "returned": tools.describe(result)}
