import os
import tempfile

import keras
import numpy as np


def copy_via_file(model, make_model, directory):
    """Save model's weights to a .weights.h5 file in `directory`, load them into a new model from make_model()
    and return that new model."""
    path = os.path.join(directory, "model.weights.h5")   # Keras 3 insists on this ending
    model.save_weights(path)
    fresh = make_model()
    fresh.build(model.input_shape)                       # no weights exist before the model is built
    fresh.load_weights(path)
    return fresh


if __name__ == "__main__":
    def make_model():
        return keras.Sequential([keras.layers.Dense(4, activation="tanh"), keras.layers.Dense(2)])

    original = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="tanh"), keras.layers.Dense(2)])
    copy = copy_via_file(original, make_model, tempfile.mkdtemp())
    x = np.ones((1, 3), dtype="float32")
    print(original(x).numpy(), copy(x).numpy())   # the same two numbers twice
    print(copy is original)                       # False: a new model
