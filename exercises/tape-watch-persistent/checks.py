"""Hidden cases and checks for tape-watch-persistent: two gradients of a constant from one persistent tape."""
import numpy as np

from grader.api import Incorrect, all_close, check, expect_effect

FAMILIES = ["shape", "sign"]

SHAPES = [(3,), (4,), (5,), (2, 3), (3, 2)]


def cases(rng):
    picks = rng.choice(len(SHAPES), size=4, replace=True)
    out = []
    for i in picks:
        x = rng.uniform(-2.0, 2.0, size=SHAPES[int(i)]).astype(np.float32)
        out.append({"x": x})
    return out


def _gradients(t):
    """The learner's (dy_dx, dz_dx), or a tailored Incorrect when there is nothing to compare."""
    got = t.got
    if got.get("non_persistent_error"):
        raise Incorrect(
            "non_persistent_tape",
            "두 번째 `tape.gradient`를 부르는 순간 RuntimeError가 났어: "
            f"\"{got['non_persistent_error']}\". 기본 GradientTape는 gradient를 한 번 계산하면 기록을 바로 버려. "
            "tape 하나로 dy/dx와 dz/dx를 둘 다 구하려면 `tf.GradientTape(persistent=True)`로 만들어 줘.",
            en="Your second `tape.gradient` call raised a RuntimeError: "
               f"\"{got['non_persistent_error']}\". A regular GradientTape throws its record away after one "
               "gradient computation. To get both dy/dx and dz/dx from one tape, create it with "
               "`tf.GradientTape(persistent=True)`.")
    if got.get("grads") is None:
        raise Incorrect(
            "wrong_return",
            f"`(dy_dx, dz_dx)` 두 개짜리 tuple을 return해야 하는데 {got.get('returned')}을(를) 받았어. "
            "마지막 줄이 `return dy_dx, dz_dx`인지 확인해 봐.",
            en=f"Return the tuple `(dy_dx, dz_dx)` (two items); got {got.get('returned')}. "
               "Check that your last line is `return dy_dx, dz_dx`.")
    dy, dz = got["grads"]
    if dy is None and dz is None:
        _why_nothing_recorded(t)
        raise Incorrect(
            "forgot_watch",
            "dy_dx와 dz_dx가 둘 다 None이야. 기대한 건 x와 shape이 같은 tensor 두 개야. "
            "x는 `tf.constant`라서 tape가 저절로 기록하지 않아. `with` 블록 안에서 y, z를 계산하기 "
            "**전에** `tape.watch(x)`를 불러 줘.",
            en="Both dy_dx and dz_dx are None; expected two tensors shaped like x. x is a `tf.constant`, "
               "so the tape does not record it by itself. Call `tape.watch(x)` inside the `with` block "
               "**before** you compute y and z.")
    return dy, dz


def _in_tape(call):
    return any("GradientTape" in w for w in call.in_with)


def _why_nothing_recorded(t):
    """Both gradients None although x is watched: the computation ran outside the block, or before the watch."""
    watch = t.static.first("watch")
    work = [c for name in ("sin", "reduce_sum") for c in t.static.calls_to(name)]
    if watch is None or not work:
        return
    if not any(_in_tape(c) for c in work):
        line = min(c.line for c in work)
        raise Incorrect(
            "computed_outside_tape",
            f"`tape.watch(x)`는 했는데, {line}번째 줄부터의 y, z 계산이 tape의 `with` 블록 **밖**에 있어. tape는 블록 안에서 "
            "일어난 연산만 기록해서 y, z가 x에서 나왔다는 걸 몰라: 둘 다 None이 됐어. y와 z를 `with` 블록 안으로 들여 써.",
            en=f"You did call `tape.watch(x)`, but computing y and z from line {line} on happens **outside** the tape's "
               "`with` block. A tape records only what runs inside it, so it never saw y and z come from x: both "
               "gradients are None. Indent y and z into the `with` block.")
    first = min(c.line for c in work if _in_tape(c))
    if watch.line > first:
        raise Incorrect(
            "watch_after_compute",
            f"`tape.watch(x)`가 {watch.line}번째 줄, y와 z 계산({first}번째 줄)보다 **뒤**에 있어. tape는 watch가 시작된 "
            "다음의 연산만 기록하고, 지나간 계산은 다시 기록할 수 없어: 둘 다 None이 됐어. `tape.watch(x)`를 `with` 블록의 "
            "첫 줄로 옮겨.",
            en=f"`tape.watch(x)` is on line {watch.line}, **after** computing y and z (line {first}). A tape records only "
               "what runs once the watch has started and cannot go back: both gradients are None. Move `tape.watch(x)` "
               "to the first line of the `with` block.")


def _summed(t, dy, dz):
    want_dy, want_dz = t.want["grads"]
    total = np.asarray(want_dy, np.float64) + np.asarray(want_dz, np.float64)
    return dy is not None and dz is not None and all_close([dy, dz], [total, total])


def _summed_message(t):
    return Incorrect(
        "summed_targets",
        "두 gradient가 똑같이 3·x² + cos(x)야: `tape.gradient([y, z], ...)`처럼 target을 리스트로 넘기면 target들의 "
        "**합**에 대한 gradient가 나와. y와 z를 따로 물어봐: `tape.gradient(y, x)`, `tape.gradient(z, x)` "
        "(그래서 persistent tape가 필요해).",
        en="Both gradients are the same 3·x² + cos(x): passing a list of targets, `tape.gradient([y, z], ...)`, gives "
           "the gradient of their **sum**. Ask for y and z separately, `tape.gradient(y, x)` and `tape.gradient(z, x)` "
           "(which is why the tape must be persistent).")


def _swapped(t, dy, dz):
    want_dy, want_dz = t.want["grads"]
    if all_close([dy, dz], [want_dz, want_dy]):
        raise Incorrect(
            "swapped_order",
            "두 gradient의 순서가 바뀌었어: 첫 번째 자리에 cos(x)가, 두 번째 자리에 3·x²가 들어 있어. "
            "`return dy_dx, dz_dx` 순서로 돌려줘.",
            en="The two gradients are swapped: the first item holds cos(x) and the second 3·x². "
               "Return them in the order `dy_dx, dz_dx`.")


def _missing(name, formula, what):
    return Incorrect(
        "none_gradient",
        f"{name}가 None이야 (기대값은 {formula}). {what}를 tape의 `with` 블록 **안에서** 계산했는지, "
        "`tape.gradient`에 올바른 target을 넘겼는지 확인해 봐.",
        en=f"{name} is None (expected {formula}). Check that {what} is computed **inside** the tape's "
           "`with` block and that you pass the right target to `tape.gradient`.")



def _after_first(check, t, what, what_en):
    """A shared precondition: the first check explains it in full, a later one only points there (one message per
    cause, not the same text twice in one verdict)."""
    try:
        return check(t)
    except Incorrect as exc:
        raise Incorrect(exc.diagnosis, f"{what}도 확인할 수 없어: 원인은 위 검사의 진단과 같아. 그것부터 고쳐 봐.",
                        en=f"{what_en} cannot be checked either: the cause is the one named by the check above. "
                           "Fix that first.") from None


@check("dy_dx = 3·x²", points=2, en="dy_dx = 3·x²")
def dy_dx_is_right(t):
    dy, dz = _gradients(t)
    if dy is None:
        raise _missing("dy_dx", "3·x²", "y")
    _swapped(t, dy, dz)
    if _summed(t, dy, dz):
        raise _summed_message(t)
    expect_effect(dy, t.want["grads"][0], what="dy_dx", what_en="dy_dx", diagnosis="wrong_dy_dx")


@check("dz_dx = cos(x)", points=2, en="dz_dx = cos(x)")
def dz_dx_is_right(t):
    dy, dz = _after_first(_gradients, t, "dz_dx", "dz_dx")
    if dz is None:
        raise _missing("dz_dx", "cos(x)", "z")
    _after_first(lambda t: _swapped(t, dy, dz), t, "dz_dx", "dz_dx")
    if _summed(t, dy, dz):
        raise Incorrect(
            "summed_targets",
            "dz_dx도 cos(x)가 아니라 3·x² + cos(x)야: 리스트로 넘긴 두 target의 합을 미분했어 (dy_dx 검사 참고).",
            en="dz_dx, too, is 3·x² + cos(x) rather than cos(x): the sum of the two targets passed as a list was "
               "differentiated (see the dy_dx check).")
    if all_close([dz], [t.want["grads"][0]]):
        raise Incorrect(
            "same_gradient_twice",
            "dz_dx가 cos(x)가 아니라 dy_dx와 같은 3·x²야: 두 번째 `tape.gradient`에도 y를 넘겼어. 복사해 붙인 줄의 target을 "
            "z로 바꿔: `dz_dx = tape.gradient(z, x)`.",
            en="dz_dx is 3·x², the same as dy_dx, instead of cos(x): the second `tape.gradient` was given y as well. Change "
               "the copied line's target to z: `dz_dx = tape.gradient(z, x)`.")
    expect_effect(dz, t.want["grads"][1], what="dz_dx", what_en="dz_dx", diagnosis="wrong_dz_dx")


@check("persistent tape 하나만 썼다", points=1, en="one persistent tape is used")
def one_persistent_tape(t):
    got = t.got
    tapes = got.get("tapes") or []
    grads = got.get("grads")
    if grads is not None and len(tapes) == 1 and not tapes[0] and _summed(t, *grads):
        raise Incorrect(
            "summed_targets",
            "tape는 하나지만 persistent가 아니라서 한 번밖에 못 물어봐. 그래서 두 target을 한 번에 물었고, 그게 합이 됐어. "
            "`tf.GradientTape(persistent=True)`로 만들고 y와 z를 따로 물어봐.",
            en="There is one tape, but it is not persistent, so it can be asked only once; asking both targets in one "
               "call gave their sum. Create it with `tf.GradientTape(persistent=True)` and ask for y and z separately.")
    if got.get("non_persistent_error") or (len(tapes) == 1 and not tapes[0]):
        raise Incorrect(
            "non_persistent_tape",
            "tape를 하나 만들긴 했는데 persistent가 아니야. 같은 tape에 `tape.gradient`를 두 번 부르려면 "
            "`tf.GradientTape(persistent=True)`가 필요해.",
            en="You created one tape, but it is not persistent. Calling `tape.gradient` twice on the same "
               "tape needs `tf.GradientTape(persistent=True)`.")
    if not tapes:
        raise Incorrect(
            "no_tape",
            "GradientTape를 한 번도 만들지 않았어. 손으로 미분한 식(3·x², cos x) 말고, "
            "`tf.GradientTape`이 기록한 계산에서 gradient를 구해 봐.",
            en="No GradientTape was created. Instead of hand-written derivatives (3·x², cos x), let a "
               "`tf.GradientTape` record the computation and take the gradients from it.")
    if len(tapes) > 1:
        raise Incorrect(
            "two_tapes",
            f"tape가 1개여야 하는데 {len(tapes)}개를 만들었어. 값은 맞아도 이 과제의 핵심은 "
            "`persistent=True` tape **하나**에서 gradient를 여러 번 꺼내는 거야. y와 z를 한 `with` 블록에서 "
            "기록해 봐.",
            en=f"Expected one tape; you created {len(tapes)}. The values may be right, but the point here is "
               "taking several gradients out of **one** `persistent=True` tape. Record y and z in a single "
               "`with` block.")


def charts(t):
    x = np.ravel(np.asarray(t.case["x"], dtype=np.float64))[:6]
    dy, dz = (np.ravel(np.asarray(g, dtype=np.float64))[:6] for g in t.want["grads"])
    rows = []
    for i, xi in enumerate(x):
        group = f"x={xi:.2f}"
        rows.append({"group": group, "series": "dy/dx = 3x²", "value": float(dy[i])})
        rows.append({"group": group, "series": "dz/dx = cos x", "value": float(dz[i])})
    return [{"kind": "grouped_bars",
             "title": "같은 tape 하나에서 꺼낸 두 gradient",
             "title_en": "Two gradients taken from the same tape",
             "rows": rows}]
