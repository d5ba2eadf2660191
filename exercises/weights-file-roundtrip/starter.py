import os
import tempfile

import keras
import numpy as np


def copy_via_file(model, make_model, directory):
    """Save model's weights to a .weights.h5 file in `directory`, load them into a new model from make_model()
    and return that new model."""
    # TODO 1: directory 안에 .weights.h5로 끝나는 경로를 만들고 model의 weight를 저장해.
    # TODO 2: make_model()로 새 model을 만들어 (아직 build되지 않은 model이야).
    # TODO 3: 새 model을 원래 model의 입력 shape으로 build하고, 파일에서 weight를 불러와.
    # TODO 4: 새 model을 return해.
    ...

if __name__ == "__main__":
    def make_model():
        return keras.Sequential([keras.layers.Dense(4, activation="tanh"), keras.layers.Dense(2)])

    original = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="tanh"), keras.layers.Dense(2)])
    copy = copy_via_file(original, make_model, tempfile.mkdtemp())
    if copy is None:
        raise SystemExit("copy_via_file가 아직 model을 돌려주지 않아 (None).")
    x = np.ones((1, 3), dtype="float32")
    print(original(x).numpy(), copy(x).numpy())   # 같은 두 숫자가 두 번 나와야 해
    print(copy is original)                       # False: 새 model이어야 해
