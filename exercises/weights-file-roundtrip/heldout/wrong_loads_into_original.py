# diagnosis: not_loaded
import os


def copy_via_file(model, make_model, directory):
    path = os.path.join(directory, "copy.weights.h5")
    model.save_weights(path)
    fresh = make_model()
    fresh.build(model.input_shape)
    model.load_weights(path)    # 헷갈려서 원래 model에 불러옴
    return fresh
