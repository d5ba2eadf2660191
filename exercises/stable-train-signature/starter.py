import tensorflow as tf


def make_train_step(w):
    """A tf.function step(x, y, lr): one in-place SGD step of w on mean((x @ w - y)**2), returning the loss before it.

    It must trace once, whatever the batch size of x and y and whatever Python float lr is passed.
    """
    # TODO 1: @tf.function에 무엇을 주면 batch 크기와 Python float lr이 바뀌어도 trace가 한 번일까?
    # TODO 2: step(x, y, lr) 안에서 GradientTape로 loss와 w의 gradient 구하기
    # TODO 3: w를 제자리에서 업데이트하고, update 전의 loss return
    ...


if __name__ == "__main__":
    w = tf.Variable(tf.zeros((3, 1)))
    step = make_train_step(w)
    true_w = tf.constant([[1.0], [2.0], [3.0]])
    for batch, lr in [(4, 0.1), (7, 0.05), (2, 0.2), (5, 0.1)]:
        x = tf.random.normal((batch, 3))
        print("loss:", float(step(x, x @ true_w, lr)))
    print("trace 횟수:", step.experimental_get_tracing_count(), "(기대값 1)")
