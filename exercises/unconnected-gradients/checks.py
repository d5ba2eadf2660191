"""Hidden cases and checks for unconnected-gradients: zeros, not None, for a variable the loss never uses."""
import numpy as np

from grader.api import Incorrect, check, expect_effect

FAMILIES = ["reduction", "flow"]

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
    if grads is not None and len(grads) == 2:
        raise Incorrect(
            "dropped_none",
            "gradient를 2개만 돌려줬어: None인 head_b의 gradient를 리스트에서 걸러 낸 것 같아. 그러면 남은 gradient가 어느 "
            "변수 것인지 순서가 어긋나. 세 자리를 다 채워야 해: None 대신 0을 받으려면 "
            f"`tape.gradient(loss, [shared, head_a, head_b], {ZERO_CALL})`.",
            en="You returned only 2 gradients: head_b's None seems to have been filtered out of the list, and then the "
               "remaining gradients no longer line up with their variables. Fill all three places; to get zeros "
               f"instead of None, use `tape.gradient(loss, [shared, head_a, head_b], {ZERO_CALL})`.")
    if grads is not None and len(grads) == 3 and all(g is not None for g in grads[:2]) and \
            np.shape(grads[0]) == SHAPES["head_a"] and np.shape(grads[1]) == SHAPES["shared"]:
        raise Incorrect(
            "swapped_order",
            "첫 번째 gradient의 shape이 head_a 것 (4, 1)이고, 두 번째가 shared 것 (3, 4)야: sources의 순서가 바뀌었어. "
            "돌려받는 리스트는 넘긴 변수 리스트와 같은 순서야: `tape.gradient(loss, [shared, head_a, head_b], ...)`.",
            en="The first gradient has head_a's shape (4, 1) and the second shared's (3, 4): the sources are out of "
               "order. The list you get back follows the order of the variables you pass: "
               "`tape.gradient(loss, [shared, head_a, head_b], ...)`.")
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
    tapes = t.static.calls_to("GradientTape")
    if _is_zero(g["head_a"]) and _is_zero(g["shared"]) and any("watch_accessed_variables" in c.keywords for c in tapes) \
            and not t.static.uses("watch"):
        raise Incorrect(
            "nothing_watched",
            "shared와 head_a의 gradient가 둘 다 0이야: `watch_accessed_variables=False`로 tape를 열어서 자동 watch를 껐는데 "
            "`tape.watch(...)`로 아무것도 고르지 않았어. 그러면 tape는 아무것도 기록하지 않아. 그 옵션을 빼거나 "
            "`tape.watch(shared)`, `tape.watch(head_a)`를 불러. (`UnconnectedGradients.ZERO`가 이 None들을 0으로 가렸어.)",
            en="The gradients of shared and head_a are both zero: the tape was opened with `watch_accessed_variables=False`, "
               "which turns automatic watching off, and nothing was picked with `tape.watch(...)`, so the tape recorded "
               "nothing. Drop that option, or call `tape.watch(shared)` and `tape.watch(head_a)`. "
               "(`UnconnectedGradients.ZERO` hid those Nones behind zeros.)")
    cut = t.static.first("stop_recording")
    if cut is not None:
        raise Incorrect(
            "stop_recording_cut",
            f"{name}의 gradient가 {'None' if g[name] is None else '전부 0'}이야: {cut.line}번째 줄의 `tape.stop_recording()` "
            "안에서 한 계산은 tape에 기록되지 않아서, loss에서 그 안의 변수로 가는 길이 끊겼어. shared는 loss에 쓰이니까 "
            "기록돼야 해: `h = tf.tanh(x @ shared)`를 `stop_recording` 밖으로 꺼내. (`UnconnectedGradients.ZERO`가 이 끊김을 "
            "0으로 가렸어.)",
            en=f"The gradient of {name} is {'None' if g[name] is None else 'all zeros'}: what runs under "
               f"`tape.stop_recording()` on line {cut.line} is not recorded, so the path from the loss to the variables in "
               "there is cut. shared is used by the loss and must be recorded: take `h = tf.tanh(x @ shared)` out of "
               "`stop_recording`. (`UnconnectedGradients.ZERO` hid that cut behind zeros.)")
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



def _after_first(check, t, what, what_en):
    """A shared precondition: the first check explains it in full, a later one only points there (one message per
    cause, not the same text twice in one verdict)."""
    try:
        return check(t)
    except Incorrect as exc:
        raise Incorrect(exc.diagnosis, f"{what}도 확인할 수 없어: 원인은 위 검사의 진단과 같아. 그것부터 고쳐 봐.",
                        en=f"{what_en} cannot be checked either: the cause is the one named by the check above. "
                           "Fix that first.") from None


def _raise(exc):
    raise exc


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
    g = _after_first(_grads, t, "head_b의 0", "head_b's zeros")["head_b"]
    if g is None:
        _after_first(lambda t: _raise(_none_for("head_b")), t, "head_b의 0", "head_b's zeros")
    arr = np.asarray(g, dtype=np.float64)
    if arr.shape != SHAPES["head_b"] and arr.ndim > 0:
        raise Incorrect(
            "zero_wrong_shape",
            f"head_b 자리에 shape {arr.shape}인 0을 넣었어. head_b는 {SHAPES['head_b']}이야: 다른 변수(또는 그 gradient)의 "
            "`zeros_like`를 쓴 것 같아. 0을 직접 만든다면 그 변수 자신으로 `tf.zeros_like(head_b)`, 아니면 "
            f"`{ZERO_CALL}`에 맡겨.",
            en=f"You put zeros of shape {arr.shape} in head_b's place. head_b is {SHAPES['head_b']}: it looks like "
               "`zeros_like` of another variable (or its gradient). If you build the zeros yourself, use the variable "
               f"itself, `tf.zeros_like(head_b)`, or leave it to `{ZERO_CALL}`.")
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
    g = _after_first(_grads, t, "head_a의 gradient", "head_a's gradient")["head_a"]
    if _is_zero(g):
        _disconnected(t, "head_a")
    expect_effect(g, t.want["grads"][1], what="head_a의 gradient", what_en="head_a's gradient",
                  context={"batch_size": len(t.case["y"])}, diagnosis="wrong_head_a_gradient")


@check("shared의 gradient가 맞다", points=2, en="shared's gradient is right")
def shared_is_right(t):
    g = _after_first(_grads, t, "shared의 gradient", "shared's gradient")["shared"]
    if _is_zero(g):
        if _is_zero(_grads(t)["head_a"]):  # the head_a check has named this cut already
            _after_first(lambda t: _disconnected(t, "shared"), t, "shared의 gradient", "shared's gradient")
        _disconnected(t, "shared")
    expect_effect(g, t.want["grads"][0], what="shared의 gradient", what_en="shared's gradient",
                  context={"batch_size": len(t.case["y"])}, diagnosis="wrong_shared_gradient")


def charts(t):
    def norm(g):
        return 0.0 if g is None else float(np.linalg.norm(np.asarray(g, dtype=np.float64)))

    rows = [{"group": name, "series": "reference", "value": norm(g)} for name, g in zip(NAMES, t.want["grads"])]
    got = t.got.get("grads") if isinstance(t.got, dict) else None
    if got is not None and len(got) == 3:
        try:
            rows += [{"group": name, "series": "내 코드 / yours", "value": norm(g)} for name, g in zip(NAMES, got)]
        except (TypeError, ValueError):
            pass
    return [{"kind": "grouped_bars",
             "title": "변수별 gradient 크기 ‖g‖: head_b는 loss와 이어지지 않아서 0",
             "title_en": "Gradient size ‖g‖ per variable: head_b is not connected to the loss, so 0",
             "rows": rows}]
