"""Calls the learner's step several times; after each call reports its output, what `calls` holds, how long
`traces` is and how many times TensorFlow really traced the function."""


def observe(submission, case):
    import tensorflow as tf

    try:
        made = submission.make_step()
    except Exception as exc:  # e.g. a Variable created inside step when make_step calls it once itself
        return {"returned": None, "error": _error(exc), "outputs": [], "counts": [], "lengths": [], "tracing": [],
                "kinds": {}}
    if not isinstance(made, (tuple, list)) or len(made) != 3:
        return {"returned": tools.describe(made), "error": None, "outputs": [], "counts": [], "lengths": [],
                "tracing": [], "kinds": {}}
    step, calls, traces = made
    kinds = {"calls": _kind(calls), "traces": _kind(traces),
             "step": "tf.function" if hasattr(step, "experimental_get_tracing_count") else _kind(step)}
    outputs, counts, lengths, tracing = [], [], [], []
    error = None
    for call in case["calls"]:
        x = tf.constant(call["x"], dtype=call["dtype"])
        try:
            out = step(x) if call["scale"] is None else step(x, call["scale"])
        except Exception as exc:  # a Variable made inside step, a rebound counter…: explained by the checks
            error = _error(exc)
            break
        outputs.append(tools.numeric(out))
        counts.append(_count(calls))
        lengths.append(len(traces) if hasattr(traces, "__len__") else _count(traces))
        tracing.append(int(step.experimental_get_tracing_count()) if kinds["step"] == "tf.function" else None)
    return {"returned": "tuple of 3", "error": error, "outputs": outputs, "counts": counts, "lengths": lengths,
            "tracing": tracing, "kinds": kinds}


def _error(exc):
    """The exception's type and its telling line (TF's "in user code:" preamble skipped)."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    telling = next((ln for ln in lines if ln.startswith(("ValueError", "TypeError", "UnboundLocalError"))), None)
    telling = telling or next((ln for ln in lines if not ln.startswith(("in user code", "File "))), "")
    if telling.startswith(type(exc).__name__ + ":"):
        telling = telling[len(type(exc).__name__) + 1:].strip()
    return f"{type(exc).__name__}: {telling[:240]}"


def _kind(value):
    import tensorflow as tf

    if isinstance(value, tf.Variable):
        return "variable"
    if tf.is_tensor(value):
        return "tensor"
    return type(value).__name__


def _count(value):
    """A counter's current value as a number: a Variable, a Python number, or a one-item list like [n]."""
    if isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(value.numpy())
    except Exception:
        return None
