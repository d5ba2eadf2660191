# diagnosis: no_file
def copy_via_file(model, make_model, directory):
    fresh = make_model()
    fresh.build(model.input_shape)
    fresh.set_weights(model.get_weights())   # 파일 없이 바로 복사
    return fresh
