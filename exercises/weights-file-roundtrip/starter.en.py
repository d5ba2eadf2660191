import os
import tempfile

import keras
import numpy as np


def copy_via_file(model, make_model, directory):
    """Save model's weights to a .weights.h5 file in `directory`, load them into a new model from make_model()
    and return that new model."""
    # TODO 1: make a path ending in .weights.h5 inside directory and save model's weights there.
    # TODO 2: make a new model with make_model() (it is not built yet).
    # TODO 3: build the new model with the original model's input shape, then load the weights from the file.
    # TODO 4: return the new model.
    ...

if __name__ == "__main__":
    def make_model():
        return keras.Sequential([keras.layers.Dense(4, activation="tanh"), keras.layers.Dense(2)])

    original = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="tanh"), keras.layers.Dense(2)])
    copy = copy_via_file(original, make_model, tempfile.mkdtemp())
    if copy is None:
        raise SystemExit("copy_via_file does not return a model yet (None).")
    x = np.ones((1, 3), dtype="float32")
    print(original(x).numpy(), copy(x).numpy())   # the same two numbers twice
    print(copy is original)                       # False: a new model
