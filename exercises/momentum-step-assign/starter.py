import tensorflow as tf


def momentum_step(w, velocity, grad, lr, momentum):
    """One momentum SGD step that changes the Variables w and velocity in place."""
    # TODO 1: velocity를 momentum * velocity - lr * grad로 바꾸기 (제자리에서!)
    # TODO 2: 새 velocity만큼 w를 움직이기 (역시 제자리에서)
    ...


if __name__ == "__main__":
    w = tf.Variable([1.0, -1.0])
    velocity = tf.Variable([0.0, 0.0])
    for step in range(2):
        momentum_step(w, velocity, tf.constant([2.0, -4.0]), lr=0.1, momentum=0.9)
        print(f"step {step}: velocity = {velocity.numpy()}, w = {w.numpy()}")
    print("기대값 (step 1): velocity ≈ [-0.38, 0.76], w ≈ [0.42, 0.16]")
