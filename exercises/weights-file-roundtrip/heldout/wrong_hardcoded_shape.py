# diagnosis: built_wrong_shape
import os


def copy_via_file(model, make_model, directory):
    path = os.path.join(directory, "w.weights.h5")
    model.save_weights(path)
    new_model = make_model()
    new_model.build((None, 3))   # 예시에서 입력이 3개였으니까
    new_model.load_weights(path)
    return new_model
