# diagnosis: wrong_extension
import os


def copy_via_file(model, make_model, directory):
    path = os.path.join(directory, "weights.keras")
    model.save_weights(path)
    fresh = make_model()
    fresh.build(model.input_shape)
    fresh.load_weights(path)
    return fresh
