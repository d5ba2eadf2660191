import tensorflow as tf


def vector_quantize(z_e, codebook, beta):
    """VQ-VAE's quantiser: the nearest code forward, a straight-through gradient back, and the two VQ losses.

    Returns (z_st, vq_loss): z_st has z_q's values and passes its gradient to z_e unchanged;
    vq_loss = mean((sg(z_e) - z_q)^2) + beta * mean((z_e - sg(z_q))^2).
    """
    distances = tf.reduce_sum(tf.square(z_e[:, None, :] - codebook[None, :, :]), axis=-1)   # (batch, K)
    z_q = tf.gather(codebook, tf.argmin(distances, axis=1))        # the nearest code for every row
    z_st = z_e + tf.stop_gradient(z_q - z_e)                        # forward z_q, backward identity into z_e
    codebook_loss = tf.reduce_mean(tf.square(tf.stop_gradient(z_e) - z_q))    # moves the codes only
    commitment_loss = tf.reduce_mean(tf.square(z_e - tf.stop_gradient(z_q)))  # moves the encoder only
    return z_st, codebook_loss + beta * commitment_loss


if __name__ == "__main__":
    codebook = tf.Variable([[0.0, 0.0], [1.0, 1.0], [-1.0, 1.0]])
    z_e = tf.Variable([[0.9, 0.8], [-0.2, 0.1], [-0.7, 1.2], [0.4, 0.6]])
    with tf.GradientTape(persistent=True) as tape:
        result = vector_quantize(z_e, codebook, beta=0.25)
        if result is not None:
            z_st, vq_loss = result
            decoder_loss = tf.reduce_sum(z_st * tf.constant([[1.0, -1.0]]))   # stands in for a decoder
    if result is None:
        print("vector_quantize가 아직 None을 return해")
    else:
        print("z_st:", tf.convert_to_tensor(z_st).numpy().tolist())
        print("vq_loss:", round(float(vq_loss), 4))
        for name, term in [("decoder", decoder_loss), ("vq_loss", vq_loss)]:
            g_e, g_c = tape.gradient(term, [z_e, codebook])
            print(f"{name:8s} -> z_e: {'None' if g_e is None else 'gradient'}, "
                  f"codebook: {'None' if g_c is None else 'gradient'}")
    del tape
