"""Hidden cases and checks for resume-from-checkpoint: restore the latest checkpoint, optimizer state and step included."""
import ast

import numpy as np

from grader.api import Incorrect, check

FAMILIES = []   # restored state is compared directly: every mistake is named below


def _shapes(width):
    return [(width, 2), (2,)]   # one Dense layer: kernel, bias


def _save(rng, shapes, step, per_step):
    return {"step": step, "iterations": step * per_step,
            "weights": [rng.normal(size=s).astype(np.float32) for s in shapes],
            # Adam's momentums for every variable, then its velocities (positive)
            "moments": [0.1 * rng.normal(size=s).astype(np.float32) for s in shapes]
                       + [rng.uniform(0.01, 0.1, size=s).astype(np.float32) for s in shapes]}


def cases(rng):
    out = []
    # One architecture and learning rate per seed: the probe builds the saving model and its Adam once per job.
    width, lr = int(rng.integers(2, 6)), float(np.round(rng.uniform(0.01, 0.05), 3))
    shapes = _shapes(width)
    for layout in ("two_digits", "single", "two"):
        per_step = int(rng.integers(3, 7))   # optimizer updates per step, so iterations never equal the step
        if layout == "two_digits":   # ckpt-7 and ckpt-12: sorted as text, the older one comes last
            steps = [int(rng.integers(5, 10)), int(rng.integers(10, 20))]
        elif layout == "single":
            steps = [int(rng.integers(1, 10))]
        else:
            first = int(rng.integers(1, 5))
            steps = [first, first + int(rng.integers(1, 5))]
        out.append({"layout": layout, "width": width, "lr": lr,
                    "saves": [_save(rng, shapes, s, per_step) for s in steps],
                    "fresh": [rng.normal(size=s).astype(np.float32) for s in shapes],
                    "grads": [rng.normal(size=s).astype(np.float32) for s in shapes]})
    return out


def regions(case):
    steps = [s["step"] for s in case["saves"]]
    if len(steps) == 1:
        return {"one checkpoint (oldest is latest)"}
    out = {"two checkpoints"}
    if len(str(steps[0])) != len(str(steps[-1])):
        out.add("numbers cross a digit (text order misleads)")
    return out


def _same(a, b):
    return len(a) == len(b) and all(np.shape(x) == np.shape(y) and
                                    np.allclose(np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64),
                                                rtol=1e-5, atol=1e-6) for x, y in zip(a, b))


def _names(case):
    return [f"ckpt-{s['step']}" for s in case["saves"]]


def _refused(t):
    got = t.got
    if got.get("error") == "directory":
        raise Incorrect(
            "restored_directory",
            f"`restore`에 폴더 경로를 넘겼어: \"{got['message']}\". checkpoint는 폴더가 아니라 `ckpt-N` 같은 **접두어**"
            f"(이번 폴더에는 {', '.join(_names(t.case))})로 가리켜. `tf.train.latest_checkpoint(directory)`가 최신 것의 "
            "경로를 돌려줘.",
            en=f"You passed the folder to `restore`: \"{got['message']}\". A checkpoint is named by a **prefix** such as "
               f"`ckpt-N` (this folder holds {', '.join(_names(t.case))}), not by its folder. "
               "`tf.train.latest_checkpoint(directory)` returns the latest one's path.")
    if got.get("error") == "keras_format":
        raise Incorrect(
            "keras_format",
            f"`model.load_weights`에 TensorFlow checkpoint를 넘겼어: \"{got['message']}\". Keras 3의 `load_weights`는 "
            "`.weights.h5`/`.keras` 파일만 읽어. 게다가 weight만 돌아오고 optimizer와 step은 안 돌아와. "
            "`tf.train.Checkpoint(model=model, optimizer=optimizer, step=step).restore(...)`를 써.",
            en=f"You handed a TensorFlow checkpoint to `model.load_weights`: \"{got['message']}\". Keras 3's "
               "`load_weights` only reads `.weights.h5`/`.keras` files, and it would bring back the weights only, not "
               "the optimizer or the step. Use `tf.train.Checkpoint(model=model, optimizer=optimizer, "
               "step=step).restore(...)`.")


def _checkpoint_keys(source):
    """The keyword names of every tf.train.Checkpoint(...) call in the learner's code, with the names passed."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            if (f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)) == "Checkpoint":
                found.append({k.arg: getattr(k.value, "id", None) for k in node.keywords if k.arg})
    return found


def _oldest_message(t, what_ko, what_en):
    latest, oldest = _names(t.case)[-1], _names(t.case)[0]
    return Incorrect(
        "restored_oldest",
        f"{what_ko} **오래된** `{oldest}`의 것이야. 이어서 학습할 건 최신 checkpoint야: `{latest}`. `CheckpointManager.checkpoints`는 "
        "오래된 것부터 나오고, 파일 이름을 글자로 정렬하면 `ckpt-12`가 `ckpt-7`보다 앞에 와. "
        "`tf.train.latest_checkpoint(directory)`(또는 `manager.latest_checkpoint`)를 써.",
        en=f"{what_en} the **older** `{oldest}`'s. Resume from the latest, `{latest}`. `CheckpointManager.checkpoints` "
           "lists the oldest first, and sorting file names as text puts `ckpt-12` before `ckpt-7`. Use "
           "`tf.train.latest_checkpoint(directory)` (or `manager.latest_checkpoint`).")


@check("model weight가 최신 checkpoint의 값이다", points=2, en="the model's weights are the latest checkpoint's")
def weights_restored(t):
    _refused(t)
    saves, got = t.case["saves"], t.got["weights"]
    if _same(got, saves[-1]["weights"]):
        return
    if len(saves) > 1 and _same(got, saves[0]["weights"]):
        raise _oldest_message(t, "model weight가", "The model's weights are")
    if _same(got, t.case["fresh"]):
        calls = _checkpoint_keys(t.source)
        renamed = [k for call in calls for k, v in call.items() if v == "model" and k != "model"]
        if renamed:
            raise Incorrect(
                "wrong_keys",
                f"model을 다른 key(`{renamed[0]}=`)로 넘겼어. 저장할 때의 key는 `model=`이라 짝이 하나도 안 맞았고, model weight는 "
                "처음 무작위 값 그대로야. 에러가 안 난 건 `restore`가 짝이 안 맞아도 조용히 넘어가기 때문이야 "
                "(`expect_partial()`은 그 경고마저 꺼). 저장할 때와 같은 key `model=`을 쓰고, "
                "`assert_existing_objects_matched()`로 확인해.",
                en=f"You passed the model under the key `{renamed[0]}=`. It was saved under `model=`, so nothing matched "
                   "and the weights are still random. There was no error because `restore` carries on when nothing "
                   "matches (`expect_partial()` even silences the warning). Use the same key as when saving, "
                   "`model=`, and check with `assert_existing_objects_matched()`.")
        raise Incorrect(
            "model_not_restored",
            "넘겨받은 `model`의 weight가 처음 무작위 값 그대로야. checkpoint를 다른 model 객체(예: 새로 만든 복제본)에 "
            "복원했거나 `restore`를 부르지 않았어. 넘겨받은 그 `model`을 `tf.train.Checkpoint(model=model, ...)`에 넣고 "
            "복원해.",
            en="The `model` you were given still has its random initial weights. You restored into another model object "
               "(a fresh clone, say) or never called `restore`. Put the very `model` you were given into "
               "`tf.train.Checkpoint(model=model, ...)` and restore that.")
    raise Incorrect(
        "wrong_weights",
        f"model weight가 어느 checkpoint의 값과도 달라 (있는 checkpoint: {', '.join(_names(t.case))}). "
        "`tf.train.latest_checkpoint(directory)`를 restore했는지 봐.",
        en=f"The model's weights match none of the checkpoints ({', '.join(_names(t.case))}). Check that you restore "
           "`tf.train.latest_checkpoint(directory)`.")


@check("optimizer의 iterations와 moment가 돌아와 다음 업데이트가 같다", points=2,
       en="the optimizer's iterations and moments are back, so the next update matches")
def optimizer_restored(t):
    _refused(t)
    saves, got, want = t.case["saves"], t.got, t.want
    if got["iterations"] == want["iterations"]:
        update = [np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)
                  for a, b in zip(got["after_step"], got["weights"])]
        want_update = [np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)
                       for a, b in zip(want["after_step"], want["weights"])]
        if _same(update, want_update):
            return
        raise Incorrect(
            "moments_not_restored",
            "iterations는 돌아왔는데 다음 Adam 업데이트가 정답과 달라: moment 변수가 복원되지 않았어. optimizer 객체 "
            "자체를 `optimizer=optimizer`로 Checkpoint에 넣어 복원해.",
            en="The iterations came back but the next Adam update differs: the moment variables were not restored. Put "
               "the optimizer object itself into the Checkpoint, `optimizer=optimizer`, and restore it.")
    if got["iterations"] == 0:
        raise Incorrect(
            "optimizer_not_restored",
            f"복원한 뒤 `optimizer.iterations`가 0이야 (최신 checkpoint는 {want['iterations']}). optimizer를 Checkpoint에 "
            "안 넣어서 Adam이 moment 0, step 1부터 다시 시작해. 에러는 안 나지만 다음 업데이트부터 멈추지 않았을 때와 "
            "다른 길로 가. `tf.train.Checkpoint(model=model, optimizer=optimizer, step=step)`처럼 optimizer도 넣어.",
            en=f"After restoring, `optimizer.iterations` is 0 (the latest checkpoint says {want['iterations']}). The "
               "optimizer is not in your Checkpoint, so Adam starts over from zero moments at step 1: no error, but "
               "from the next update on the run goes somewhere an uninterrupted one would not. Include it: "
               "`tf.train.Checkpoint(model=model, optimizer=optimizer, step=step)`.")
    if len(saves) > 1 and got["iterations"] == saves[0]["iterations"]:
        raise _oldest_message(t, "optimizer 상태(iterations)가", "The optimizer's state (iterations) is")
    raise Incorrect(
        "wrong_iterations",
        f"복원한 뒤 `optimizer.iterations`: {got['iterations']}, 최신 checkpoint의 값: {want['iterations']}.",
        en=f"After restoring, `optimizer.iterations` is {got['iterations']}; the latest checkpoint says "
           f"{want['iterations']}.")


@check("복원된 step을 return했다", points=1, en="the restored step is returned")
def step_returned(t):
    _refused(t)
    saves, got = t.case["saves"], t.got
    want = saves[-1]["step"]
    if got["step"] == want:
        return
    if got["step"] is None:
        raise Incorrect(
            "wrong_type",
            f"step을 int로 return해야 하는데 {got['returned']}을(를) 받았어. 복원한 뒤 `return int(step)`.",
            en=f"Return the step as an int; got {got['returned']}. After restoring, `return int(step)`.")
    if got["step"] == saves[-1]["iterations"]:
        raise Incorrect(
            "returned_iterations",
            f"`optimizer.iterations`({got['step']})를 돌려줬어. 기대한 건 학습 loop가 센 `step` 변수({want})야: step 하나에 "
            "업데이트가 여러 번 있었거든. `step = tf.Variable(0)`을 Checkpoint에 `step=step`으로 넣고 복원해서 "
            "`int(step)`을 돌려줘.",
            en=f"You returned `optimizer.iterations` ({got['step']}). Expected the training loop's own `step` variable "
               f"({want}): each step made several updates. Put `step = tf.Variable(0)` into the Checkpoint as "
               "`step=step`, restore, and return `int(step)`.")
    if got["step"] == 0:
        raise Incorrect(
            "step_not_restored",
            f"0을 돌려줬어 (최신 checkpoint의 step은 {want}). `step` 변수를 Checkpoint에 `step=step`으로 넣었는지, "
            "그리고 값을 `restore` **뒤에** 읽었는지 봐.",
            en=f"You returned 0 (the latest checkpoint's step is {want}). Check that the `step` variable is in the "
               "Checkpoint as `step=step`, and that you read it **after** `restore`.")
    if len(saves) > 1 and got["step"] == saves[0]["step"]:
        raise _oldest_message(t, f"돌려준 step({got['step']})은", f"The returned step {got['step']} is")
    raise Incorrect(
        "wrong_step",
        f"돌려준 step: {got['step']}, 최신 checkpoint의 step: {want}.",
        en=f"The returned step is {got['step']}; the latest checkpoint's step is {want}.")
