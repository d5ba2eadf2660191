import tensorflow as tf


def make_step():
    """A tf.function step(x, scale=1.0) = scale * sum(x * x), a Variable counting its calls and a list counting its traces."""
    # TODO 1: 호출 횟수를 셀 정수 Variable과 trace를 셀 Python list 만들기 (tf.function 밖에서!)
    # TODO 2: @tf.function을 붙인 step(x, scale=1.0) 정의하기
    #         - trace될 때만 도는 코드로 traces 늘리기
    #         - 호출마다 도는 코드로 calls 늘리기
    #         - scale * tf.reduce_sum(x * x) return
    # TODO 3: step, calls, traces를 return
    ...


if __name__ == "__main__":
    step, calls, traces = make_step()
    step(tf.constant([1.0, 2.0]))
    step(tf.constant([3.0, 4.0]))
    print(step(tf.constant([1.0, 2.0]), 2.0))
    print("calls:", calls, "traces:", traces)
    print("기대값: 10.0, calls 3, traces 2개")
