"""Builds one hidden list of (name, tensor or None) pairs, calls first_nonfinite and reports what came back."""


def observe(submission, case):
    import tensorflow as tf

    named = [(e["name"], None if e["values"] is None else tf.constant(e["values"], dtype=e["dtype"]))
             for e in case["entries"]]
    try:
        result = submission.first_nonfinite(named)
    except (ValueError, TypeError, AttributeError) as exc:
        # Stumbling over a None gradient is a mistake the checks explain; any other error is the learner's to see.
        if "None" not in str(exc):
            raise
        return {"crash": f"{type(exc).__name__}: {str(exc)[:160]}", "name": None, "returned": "error"}
    return {"crash": None, "name": result if isinstance(result, str) else None,
            "index": int(result) if isinstance(result, int) and not isinstance(result, bool) else None,
            "returned": "None" if result is None else tools.describe(result)}
