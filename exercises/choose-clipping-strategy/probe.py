"""Calls clip_gradients with every strategy (and one unknown name) on hidden gradients, and recommend on each
described situation; reports the results, or the error each call raised."""

STRATEGIES = ["value", "norm", "global_norm"]


def observe(submission, case):
    import tensorflow as tf

    grads = [tf.constant(g, dtype=tf.float32) for g in case["grads"]]
    threshold = case["threshold"]
    found = {"clipped": {}, "unknown": None, "recommended": {}}
    for strategy in STRATEGIES:
        try:
            result = submission.clip_gradients(list(grads), strategy, threshold)
            found["clipped"][strategy] = _as_list(result)
        except Exception as exc:  # one broken branch must not hide the others
            found["clipped"][strategy] = {"error": _error(exc)}
    try:
        result = submission.clip_gradients(list(grads), case["unknown"], threshold)
        found["unknown"] = {"raised": None, "returned": tools.describe(result)}
    except Exception as exc:
        found["unknown"] = {"raised": type(exc).__name__, "returned": None}
    for situation in case["situations"]:
        try:
            answer = submission.recommend(situation)
            found["recommended"][situation] = answer if isinstance(answer, str) else {"not_str": tools.describe(answer)}
        except Exception as exc:
            found["recommended"][situation] = {"error": _error(exc)}
    return found


def _as_list(result):
    if not isinstance(result, (list, tuple)):
        return {"not_list": tools.describe(result)}
    out = []
    for item in result:
        if isinstance(item, (list, tuple)):
            return {"not_list": f"{tools.describe(result)} containing {tools.describe(item)}"}
        out.append(tools.to_numpy(item))
    return out


def _error(exc):
    import traceback

    lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == "submission.py"]
    return {"type": type(exc).__name__, "message": str(exc)[:300], "line": lines[-1] if lines else None}
