"""Hands the learner's clip_by_group one hidden gradient list (None entries included) with its group names and
reports the clipped list and the per-group norms it returned."""


def observe(submission, case):
    import tensorflow as tf

    grads = [None if g is None else tf.constant(g, dtype=tf.float32) for g in case["grads"]]
    result = submission.clip_by_group(grads, list(case["groups"]), case["clip_norm"])
    found = {"returned": tools.describe(result), "clipped": None, "clipped_kind": None, "norms": None,
             "norms_kind": None}
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return found
    clipped, norms = result
    found["clipped_kind"], found["norms_kind"] = tools.describe(clipped), tools.describe(norms)
    if isinstance(clipped, (list, tuple)):
        try:
            found["clipped"] = [None if g is None else tools.to_numpy(g) for g in clipped]
        except Exception:
            found["clipped"] = None
    if isinstance(norms, dict):
        found["norms"] = {str(k): (None if tools.numeric(v) is None else float(tools.numeric(v).ravel()[0])
                                   if tools.numeric(v).size == 1 else None) for k, v in norms.items()}
    return found
