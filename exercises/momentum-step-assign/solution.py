import tensorflow as tf


def momentum_step(w, velocity, grad, lr, momentum):
    """One momentum SGD step that changes the Variables w and velocity in place."""
    # assign rewrites the caller's Variable; `velocity = ...` would only rebind a local name.
    velocity.assign(momentum * velocity - lr * grad)
    # Reads the velocity just written, so the weight moves by the new one.
    w.assign_add(velocity)


if __name__ == "__main__":
    w = tf.Variable([1.0, -1.0])
    velocity = tf.Variable([0.0, 0.0])
    for step in range(2):
        momentum_step(w, velocity, tf.constant([2.0, -4.0]), lr=0.1, momentum=0.9)
        print(f"step {step}: velocity = {velocity.numpy()}, w = {w.numpy()}")
