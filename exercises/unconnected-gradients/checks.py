"""Hidden cases and checks for unconnected-gradients: zeros, not None, for a variable the loss never uses."""
import numpy as np

from grader.api import Incorrect, check, expect_close

NAMES = ["shared", "head_a", "head_b"]
SHAPES = {"shared": (3, 4), "head_a": (4, 1), "head_b": (4, 2)}
ZERO_CALL = "unconnected_gradients=tf.UnconnectedGradients.ZERO"


def cases(rng):
    out = []
    for _ in range(3):
        batch = int(rng.integers(4, 9))
        case = {"x": rng.normal(size=(batch, 3)).astype(np.float32),
                "y": rng.normal(size=(batch, 1)).astype(np.float32)}
        for name in NAMES:
            case[name] = (0.7 * rng.normal(size=SHAPES[name])).astype(np.float32)
        out.append(case)
    return out


def _grads(t):
    grads = t.got.get("grads")
    if grads is None or len(grads) != 3:
        raise Incorrect(
            "wrong_return",
            f"`[d_shared, d_head_a, d_head_b]` 세 개짜리 리스트를 return해야 하는데 {t.got.get('returned')}을(를) 받았어. "
            "`tape.gradient`에 변수 리스트를 넘기면 같은 순서의 리스트가 돌아와.",
            en=f"Return the list `[d_shared, d_head_a, d_head_b]` (three items); got {t.got.get('returned')}. "
               "Passing a list of variables to `tape.gradient` gives back a list in the same order.")
    return dict(zip(NAMES, grads))


def _is_zero(g):
    return g is None or float(np.max(np.abs(np.asarray(g, dtype=np.float64)))) == 0.0


def _none_for(name):
    return Incorrect(
        "returned_none",
        f"{name}의 gradient가 None이야. 기대한 건 {name}와 shape이 같은 tensor{'(전부 0)' if name == 'head_b' else ''}야. "
        f"loss와 이어지지 않은 변수는 기본으로 None이 나와. `tape.gradient(loss, [...], {ZERO_CALL})`로 "
        "부르면 None 대신 0 tensor를 받아.",
        en=f"The gradient of {name} is None; expected a tensor shaped like {name}"
           f"{' (all zeros)' if name == 'head_b' else ''}. A variable that is not connected to the loss gets None by "
           f"default. Call `tape.gradient(loss, [...], {ZERO_CALL})` to get a zero tensor instead.")


def _disconnected(t, name):
    """shared (or head_a) got no gradient although the loss uses it: the tape's record was cut somewhere."""
    g = _grads(t)
    if _is_zero(g["head_a"]) and _is_zero(g["shared"]):
        raise Incorrect(
            "loss_outside_tape",
            "shared와 head_a의 gradient가 둘 다 0(또는 None)이야. 둘 다 loss에 쓰이니까 0이 아니어야 해. "
            "loss가 tape과 완전히 끊겨 있어: loss를 `with tf.GradientTape()` 블록 **안에서** TensorFlow 연산으로 "
            "계산했는지 봐. `UnconnectedGradients.ZERO`는 이런 끊김도 조용히 0으로 바꿔 버리니까 조심해.",
            en="The gradients of shared and head_a are both zero (or None), but the loss uses both, so they must not "
               "be zero. The loss is completely cut off from the tape: compute it with TensorFlow ops **inside** the "
               "`with tf.GradientTape()` block. Note that `UnconnectedGradients.ZERO` silently turns such a cut into "
               "zeros too.")
    raise Incorrect(
        "numpy_in_tape",
        f"{name}의 gradient가 {'None' if g[name] is None else '전부 0'}이야. 그런데 {name}는 loss에 쓰이니까 0이 아닌 "
        "gradient가 나와야 해. head_a는 이어져 있는데 shared 쪽만 끊겼다면, 중간에 numpy 연산(`np.tanh`, "
        "`.numpy()` 등)을 거친 거야. numpy 배열은 tape에 기록되지 않아. `tf.tanh`처럼 TensorFlow 연산을 써 줘. "
        "`UnconnectedGradients.ZERO`는 이런 끊김을 0으로 가려 버리니까, 0이 나오면 한 번 의심해 봐.",
        en=f"The gradient of {name} is {'None' if g[name] is None else 'all zeros'}, but {name} is used by the loss, "
           "so its gradient must be non-zero. When head_a is connected and only the shared side is cut, the "
           "computation went through a numpy op (`np.tanh`, `.numpy()`, …) in between; numpy arrays are not "
           "recorded by the tape. Use TensorFlow ops such as `tf.tanh`. `UnconnectedGradients.ZERO` hides such a "
           "cut behind zeros, so be suspicious when you see them.")


@check("세 gradient 모두 None이 아니다", points=1, en="none of the three gradients is None")
def no_none(t):
    g = _grads(t)
    missing = [name for name in NAMES if g[name] is None]
    if missing == ["head_b"]:
        raise _none_for("head_b")
    if missing:
        raise Incorrect(
            "returned_none",
            f"{', '.join(missing)}의 gradient가 None이야. 기대한 건 세 변수 모두 shape이 맞는 tensor야. "
            f"이어지지 않은 변수는 `{ZERO_CALL}`로 0을 받을 수 있어. 그런데 loss에 쓰이는 변수까지 None이면 "
            "tape 기록이 중간에 끊긴 거야 (tape 밖 계산이나 numpy 연산).",
            en=f"The gradient of {', '.join(missing)} is None; expected a tensor of the right shape for all three "
               f"variables. Unconnected variables can get zeros with `{ZERO_CALL}`, but when a variable the loss "
               "uses is None too, the tape's record was cut (computed outside the tape, or through numpy).")


@check("head_b의 gradient는 head_b shape의 0이다", points=1, en="head_b's gradient is zeros shaped like head_b")
def head_b_is_zero(t):
    g = _grads(t)["head_b"]
    if g is None:
        raise _none_for("head_b")
    arr = np.asarray(g, dtype=np.float64)
    if arr.shape != SHAPES["head_b"]:
        raise Incorrect(
            "scalar_zero",
            f"head_b의 gradient shape이 {SHAPES['head_b']}이어야 하는데 {arr.shape}이야. None 자리를 숫자 `0`이나 "
            "엉뚱한 shape의 0으로 채운 것 같아. optimizer나 gradient accumulation은 변수와 shape이 같은 tensor를 "
            f"기대해. `{ZERO_CALL}`를 쓰면 shape까지 맞춰 줘.",
            en=f"head_b's gradient should have shape {SHAPES['head_b']}, got {arr.shape}. It looks like the None was "
               "replaced by a plain `0` or a zero of the wrong shape. Optimizers and gradient accumulation expect a "
               f"tensor shaped like the variable; `{ZERO_CALL}` gets the shape right for you.")
    if not _is_zero(arr):
        raise Incorrect(
            "head_b_in_loss",
            f"head_b의 gradient가 0이어야 하는데 0이 아닌 값이 있어 (최대 |값| {np.max(np.abs(arr)):.4g}). "
            "loss 식에 head_b가 들어갔나 봐. loss는 `tf.reduce_mean(tf.square(h @ head_a - y))`만이야.",
            en=f"head_b's gradient should be zero but has non-zero entries (max |value| {np.max(np.abs(arr)):.4g}). "
               "head_b seems to be part of your loss; the loss is only `tf.reduce_mean(tf.square(h @ head_a - y))`.")


@check("head_a의 gradient가 맞다", points=1, en="head_a's gradient is right")
def head_a_is_right(t):
    g = _grads(t)["head_a"]
    if _is_zero(g):
        _disconnected(t, "head_a")
    expect_close(g, t.want["grads"][1], what="head_a의 gradient", what_en="head_a's gradient",
                 hint="loss 식을 그대로 옮겼는지, 특히 평균(`reduce_mean`)과 제곱을 봐.",
                 hint_en="Check that you copied the loss exactly, especially the mean (`reduce_mean`) and the square.")


@check("shared의 gradient가 맞다", points=2, en="shared's gradient is right")
def shared_is_right(t):
    g = _grads(t)["shared"]
    if _is_zero(g):
        _disconnected(t, "shared")
    expect_close(g, t.want["grads"][0], what="shared의 gradient", what_en="shared's gradient",
                 hint="`h = tf.tanh(x @ shared)`를 tape 안에서 TensorFlow 연산으로 계산했는지 봐.",
                 hint_en="Check that `h = tf.tanh(x @ shared)` is computed inside the tape with TensorFlow ops.")


def charts(t):
    def norm(g):
        return 0.0 if g is None else float(np.linalg.norm(np.asarray(g, dtype=np.float64)))

    rows = [{"group": name, "series": "정답", "series_en": "expected", "value": norm(g)} for name, g in zip(NAMES, t.want["grads"])]
    got = t.got.get("grads") if isinstance(t.got, dict) else None
    if got is not None and len(got) == 3:
        try:
            rows += [{"group": name, "series": "내 코드", "series_en": "your code", "value": norm(g)} for name, g in zip(NAMES, got)]
        except (TypeError, ValueError):
            pass
    return [{"kind": "grouped_bars",
             "title": "변수별 gradient 크기 ‖g‖: head_b는 loss와 이어지지 않아서 0",
             "title_en": "Gradient size ‖g‖ per variable: head_b is not connected to the loss, so 0",
             "rows": rows}]
