import numpy as np
import tensorflow as tf


def choose_clip_norm(norms, q, warmup):
    """A clip_norm from a log of pre-clip global norms: the q-th percentile of the finite values after warm-up.

    Returns (clip_norm, clipped_fraction): the threshold and the share of those values strictly above it.
    """
    # TODO 1: norms를 numpy 배열로 (tf.Tensor가 올 수도 있어)
    # TODO 2: 앞의 warmup개를 버리고, 남은 것에서 유한한 값만 남겨
    # TODO 3: clip_norm = 남긴 값의 q번째 percentile (linear 보간)
    # TODO 4: clipped_fraction = 남긴 값 중 clip_norm보다 큰 값의 비율
    # TODO 5: (clip_norm, clipped_fraction)을 float로 return
    ...


if __name__ == "__main__":
    history = np.array([40.0, 25.0, 3.1, 2.9, np.nan, 3.3, 2.7, 3.0, 30.0, 3.2, 2.8, 3.4, 3.0, 3.1])
    result = choose_clip_norm(history, q=90.0, warmup=2)
    if result is None:
        print("choose_clip_norm이 아직 None을 return해")
    else:
        clip_norm, frac = result
        print("clip_norm:", clip_norm, " 잘릴 비율:", frac)
