"""Builds the learner's Affine module, calls it eagerly, through one SGD step on its trainable_variables and
through a tf.function, and reports what each attribute is, what the module collects, the outputs and the count."""

ATTRS = ("w", "b", "calls")


def observe(submission, case):
    import tensorflow as tf

    xs = [tf.constant(x, dtype=tf.float32) for x in case["xs"]]
    layer = submission.Affine(case["dim"])
    first = {name: getattr(layer, name, None) for name in ATTRS}
    made = {name: _describe(first[name]) for name in ATTRS}

    def collected(variables):
        """Which attribute each collected Variable is (by identity), in order; 'other' for the rest."""
        out = []
        for v in variables:
            out.append(next((n for n in ATTRS if first[n] is v), "other"))
        return out

    trainable = collected(layer.trainable_variables)
    everything = collected(layer.variables)
    counts = []
    try:
        outputs = [tools.to_numpy(layer(xs[0])), tools.to_numpy(layer(xs[1]))]
    except (tf.errors.InvalidArgumentError, TypeError, ValueError) as exc:
        # An int32 weight meeting a float32 input, typically: the checks explain it with what was made.
        return {"made": made, "trainable": trainable, "variables": everything,
                "call_error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:240]}"}
    counts.append(_count(layer))

    # One SGD step on whatever the module says is trainable (float Variables with a gradient only).
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.square(layer(xs[2]) - tf.constant(case["target"], dtype=tf.float32)))
    grads = tape.gradient(loss, layer.trainable_variables)
    stepped = []
    for v, g in zip(layer.trainable_variables, grads):
        if g is not None and v.dtype.is_floating:
            v.assign_sub(case["lr"] * g)
            stepped.append(next((n for n in ATTRS if first[n] is v), "other"))
    counts.append(_count(layer))
    outputs.append(tools.to_numpy(layer(xs[0])))
    counts.append(_count(layer))

    # Two calls through a tf.function of the same input signature: traced once, run twice.
    graph_error = None
    run = tf.function(lambda x: layer(x), autograph=False)
    try:
        outputs.append(tools.to_numpy(run(xs[1])))
        outputs.append(tools.to_numpy(run(xs[1])))
    except Exception as exc:  # a Python-side counter that leaks a graph tensor, a Variable made on every call…
        graph_error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:240]}"
    counts.append(_count(layer))

    return {"made": made, "trainable": trainable, "variables": everything, "stepped": stepped, "call_error": None,
            "outputs": outputs, "counts": counts, "graph_error": graph_error,
            "same_objects": {n: getattr(layer, n, None) is first[n] for n in ATTRS}}


def _describe(value):
    import tensorflow as tf

    if value is None:
        return {"kind": "missing"}
    if isinstance(value, tf.Variable):
        return {"kind": "variable", "dtype": value.dtype.name, "shape": list(value.shape),
                "trainable": bool(value.trainable), "value": tools.to_numpy(value)}
    if tf.is_tensor(value):
        return {"kind": "tensor", "dtype": value.dtype.name, "shape": list(value.shape)}
    if isinstance(value, (int, float)):
        return {"kind": "python", "type": type(value).__name__}
    return {"kind": type(value).__name__}


def _count(layer):
    """What layer.calls holds now, as a number (None when it is a graph tensor or not a number)."""
    value = getattr(layer, "calls", None)
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(value.numpy())
    except Exception:
        return None
