import tensorflow as tf


def momentum_step(w, velocity, grad, lr, momentum):
    """One momentum SGD step that changes the Variables w and velocity in place."""
    # TODO 1: change velocity to momentum * velocity - lr * grad (in place!)
    # TODO 2: move w by the new velocity (in place as well)
    ...


if __name__ == "__main__":
    w = tf.Variable([1.0, -1.0])
    velocity = tf.Variable([0.0, 0.0])
    for step in range(2):
        momentum_step(w, velocity, tf.constant([2.0, -4.0]), lr=0.1, momentum=0.9)
        print(f"step {step}: velocity = {velocity.numpy()}, w = {w.numpy()}")
    print("expected (step 1): velocity ≈ [-0.38, 0.76], w ≈ [0.42, 0.16]")
