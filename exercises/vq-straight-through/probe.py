"""Calls the learner's vector_quantize under a persistent tape and reports z_st, vq_loss, and the gradients that
Σ(z_st × upstream) and vq_loss each send to z_e and to the codebook."""


def observe(submission, case):
    import tensorflow as tf

    z_e = tf.Variable(case["z_e"], dtype=tf.float32)
    codebook = tf.Variable(case["codebook"], dtype=tf.float32)
    upstream = tf.constant(case["upstream"], dtype=tf.float32)
    found = {"returned": None, "z_st": None, "vq_loss": None, "through_st": None, "through_vq": None}
    with tf.GradientTape(persistent=True) as tape:
        result = submission.vector_quantize(z_e, codebook, case["beta"])
        pair = isinstance(result, (list, tuple)) and len(result) == 2
        if pair:
            z_st, vq_loss = result
            st_term = tf.reduce_sum(tf.cast(z_st, tf.float32) * upstream) if _float_tensor(tf, z_st) else None
    found["returned"] = tools.describe(result)
    if not pair:
        return found
    found["z_st"], found["vq_loss"] = tools.numeric(z_st), tools.numeric(vq_loss)
    if st_term is not None and tuple(z_st.shape) == tuple(case["z_e"].shape):
        found["through_st"] = tools.to_numpy_list(tape.gradient(st_term, [z_e, codebook]))
    if _float_tensor(tf, vq_loss) and vq_loss.shape.rank == 0:
        found["through_vq"] = tools.to_numpy_list(tape.gradient(vq_loss, [z_e, codebook]))
    del tape
    return found


def _float_tensor(tf, value):
    return tf.is_tensor(value) and value.dtype.is_floating
