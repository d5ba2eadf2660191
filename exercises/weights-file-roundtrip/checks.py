"""Hidden cases and checks for weights-file-roundtrip: save_weights to a .weights.h5 file, build a new model, load it."""
import re

import numpy as np

from grader.api import Incorrect, check

FAMILIES = []   # files and Keras refusals: every mistake is named below


def cases(rng):
    out = []
    for width in (3, int(rng.integers(4, 7)), int(rng.integers(4, 7))):
        hidden = int(rng.integers(3, 7))
        shapes = [(width, hidden), (hidden,), (hidden, 2), (2,)]
        out.append({"width": width, "hidden": hidden,
                    "weights": [rng.normal(size=s).astype(np.float32) for s in shapes]})
    return out


def regions(case):
    return {"input width 3 (as in the example)" if case["width"] == 3 else "other input width"}


def _refusal(t):
    """Keras refused to save or load: say which rule was broken."""
    got, width = t.got, t.case["width"]
    if got.get("error") == "extension":
        raise Incorrect(
            "wrong_extension",
            f"Keras가 저장을 거부했어: \"{got['message']}\". Keras 3의 `save_weights`는 파일 이름이 `.weights.h5`로 "
            "끝나야 해 (`.h5`나 `.keras`는 안 돼). `os.path.join(directory, \"model.weights.h5\")`처럼 지어 줘.",
            en=f"Keras refused to save: \"{got['message']}\". In Keras 3, `save_weights` needs a file name ending in "
               "`.weights.h5` (`.h5` or `.keras` won't do). Name it like `os.path.join(directory, \"model.weights.h5\")`.")
    if got.get("error") == "not_built":
        raise Incorrect(
            "load_before_build",
            f"`load_weights`가 \"{got['message']}\"라며 거부했어. `make_model()`이 돌려주는 model은 `keras.Input`이 "
            "없어서 아직 weight가 하나도 없어: 불러올 자리가 없는 거야. 먼저 `fresh.build(model.input_shape)`로 "
            f"(이번 case는 `(None, {width})`) build하거나 입력 한 batch로 한 번 호출한 다음 불러와.",
            en=f"`load_weights` refused: \"{got['message']}\". The model `make_model()` returns has no `keras.Input`, "
               "so it has no weights yet: there is nowhere to load them. Build it first with "
               f"`fresh.build(model.input_shape)` (`(None, {width})` in this case), or call it once on a batch, then load.")
    if got.get("error") == "mismatch":
        raise Incorrect(
            "built_wrong_shape",
            f"`load_weights`가 shape이 안 맞는다며 거부했어: \"{got['message']}\". 이번 model의 입력 feature는 {width}개인데 "
            "새 model을 다른 입력 shape으로 build했어. 숫자를 직접 쓰지 말고 원래 model의 `model.input_shape`으로 build해.",
            en=f"`load_weights` refused because shapes differ: \"{got['message']}\". This model has {width} input "
               "features, but the new model was built for another input shape. Don't write the number yourself: build "
               "it with the original's `model.input_shape`.")


@check("directory 안에 .weights.h5 파일을 썼다", points=1, en="a .weights.h5 file is written inside directory")
def wrote_weights_file(t):
    _refusal(t)
    files, outside = t.got["files"], t.got["outside"]
    if any(f.endswith(".weights.h5") for f in files):
        return
    elsewhere = [f for f in outside if f.endswith(".weights.h5")]
    if elsewhere:
        raise Incorrect(
            "file_outside_dir",
            f"weight 파일 `{elsewhere[0]}`을(를) `directory`가 아니라 현재 작업 폴더에 썼어. 파일은 넘겨받은 폴더 안에만 써: "
            "`os.path.join(directory, \"model.weights.h5\")`.",
            en=f"You wrote the weights file `{elsewhere[0]}` into the current working folder, not into `directory`. "
               "Write only inside the folder you are given: `os.path.join(directory, \"model.weights.h5\")`.")
    raise Incorrect(
        "no_file",
        "`directory`에 weight 파일이 하나도 없어"
        + (f" (있는 파일: {files})" if files else "")
        + ". `set_weights(get_weights())`처럼 메모리에서 바로 복사하면 프로그램이 끝나는 순간 사라져. "
        "`model.save_weights(os.path.join(directory, \"model.weights.h5\"))`로 파일에 남긴 다음 그 파일에서 불러와.",
        en="There is no weights file in `directory`" + (f" (files there: {files})" if files else "")
           + ". A copy straight from memory, such as `set_weights(get_weights())`, is gone when the program ends. "
             "Keep them in a file with `model.save_weights(os.path.join(directory, \"model.weights.h5\"))` and load "
             "from that file.")


@check("원래 model과 다른 새 model에 weight가 모두 같게 불러와졌다", points=3,
       en="a new model, not the original, holds all the same weights")
def new_model_same_weights(t):
    _refusal(t)
    got = t.got
    if got.get("returned") != "model":
        raise Incorrect(
            "wrong_type",
            f"Keras model을 return해야 하는데 {got.get('returned')}을(를) 받았어. 마지막에 `return fresh`가 있는지 봐.",
            en=f"Return a Keras model; got {got.get('returned')}. Check that the function ends with `return fresh`.")
    if got["is_original"]:
        raise Incorrect(
            "returned_original",
            "원래 `model` 객체를 그대로 돌려줬어. 그러면 파일에서 되살린 게 아니라 처음부터 있던 model을 다시 건넨 거야. "
            "`make_model()`로 만든 새 model에 파일을 불러와서 그걸 return해.",
            en="You returned the original `model` object itself, which hands back the model you already had instead of "
               "one restored from the file. Load the file into a new model from `make_model()` and return that.")
    want = [np.asarray(w, dtype=np.float64) for w in t.case["weights"]]
    weights = got.get("weights")
    if weights is None:
        raise Incorrect(
            "not_built",
            "돌려준 model이 build되지 않았어 (weight가 없어). `fresh.build(model.input_shape)`로 build하고 "
            "`load_weights`로 불러와.",
            en="The returned model is not built (it has no weights). Build it with `fresh.build(model.input_shape)` "
               "and `load_weights` into it.")
    same = len(weights) == len(want) and all(
        np.shape(g) == w.shape and np.allclose(np.asarray(g, dtype=np.float64), w) for g, w in zip(weights, want))
    if same:
        return
    into_original = re.search(r"\bmodel\.load_weights\(", t.source) is not None
    raise Incorrect(
        "not_loaded",
        "새 model의 weight가 원래 model과 달라: 처음 만들어질 때의 무작위 값 그대로야. "
        + ("`model.load_weights(...)`로 **원래** model에 불러왔어. 불러올 곳은 새 model이야: `fresh.load_weights(path)`."
           if into_original else
           "저장만 하고 새 model에 불러오지 않았는지 봐: build한 다음 `fresh.load_weights(path)`."),
        en="The new model's weights differ from the original's: they are still its random initial values. "
           + ("You called `model.load_weights(...)`, loading into the **original**. Load into the new one: "
              "`fresh.load_weights(path)`." if into_original else
              "Check that you did not only save: after building, `fresh.load_weights(path)`."))
