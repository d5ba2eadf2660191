"""Hidden cases and checks for straight-through-estimator: a rounded forward pass with an identity gradient."""
import numpy as np

from grader.api import Incorrect, check, expect_effect, uses

FAMILIES = ["sign", "shape"]

SHAPES = [(5,), (2, 3), (3, 4), (6,)]


def cases(rng):
    """Each case holds values beyond |x| = 1, and two exact ties (x / step = k + 0.5) that go to the even grid
    point: one rounds down, one up. Steps are powers of two, so the ties are exact in float32 too."""
    out = []
    for i in range(3):
        shape = SHAPES[int(rng.integers(len(SHAPES)))]
        step = float(rng.choice([0.25, 0.5, 2.0]))  # never 1: a forgotten step must show
        while True:
            x = rng.uniform(-3.0, 3.0, size=shape).astype(np.float32)
            frac = np.abs(np.mod(x.astype(np.float64) / step, 1.0) - 0.5)
            if np.all(frac > 0.02) and np.any(np.abs(x) > 1.2):  # no accidental near-tie; some |x| > 1
                break
        limit = int(3.0 / step)  # ties k + 0.5 with |x| <= 3: an even k (rounds down) and an odd k (rounds up)
        even = 2 * int(rng.integers(-(limit // 2), max(limit // 2, 1)))
        odd = even + 1 if even + 1.5 <= 3.0 / step else even - 1
        flat = x.reshape(-1)
        flat[0], flat[-1] = (even + 0.5) * step, (odd + 0.5) * step
        x = flat.reshape(shape)
        upstream = rng.normal(size=shape).astype(np.float32)
        upstream[np.abs(upstream) < 0.1] += 0.5  # keep every upstream gradient clearly non-zero
        out.append({"x": x, "step": step, "upstream": upstream})
    return out


def _quantized(case, rounding=np.round, step=None):
    s = case["step"] if step is None else step
    return rounding(np.asarray(case["x"], dtype=np.float64) / s) * s


def _value(t):
    v = t.got["value"]
    if v is None:
        raise Incorrect(
            "returned_none" if t.got["returned"] == "NoneType" else "wrong_type",
            f"quantize_ste는 tensor를 return해야 하는데 {t.got['returned']}을(를) 받았어.",
            en=f"quantize_ste should return a tensor; got {t.got['returned']}.")
    x = np.asarray(t.case["x"])
    if np.shape(v) != x.shape:
        raise Incorrect(
            "wrong_shape",
            f"결과의 shape이 {np.shape(v)}인데 x와 같은 {x.shape}여야 해. reduce 연산 없이 원소별로 계산해.",
            en=f"The result has shape {np.shape(v)}; it must match x, {x.shape}. Compute element-wise, with no reduction.")
    return np.asarray(v, dtype=np.float64)




def regions(case):
    """Exact ties rounding down and up (to the even grid point), and values beyond |x| = 1."""
    q = np.asarray(case["x"], dtype=np.float64) / case["step"]
    ties = q[np.abs(q - np.floor(q) - 0.5) < 1e-9]
    found = {"|x| > 1"} if np.any(np.abs(case["x"]) > 1) else set()
    if np.any(np.round(ties) < ties):
        found.add("tie rounds down")
    if np.any(np.round(ties) > ties):
        found.add("tie rounds up")
    return found

def _after_first(check, t, what, what_en):
    """A shared precondition: the first check explains it in full, a later one only points there (one message per
    cause, not the same text twice in one verdict)."""
    try:
        return check(t)
    except Incorrect as exc:
        raise Incorrect(exc.diagnosis, f"{what}도 확인할 수 없어: 원인은 위 검사의 진단과 같아. 그것부터 고쳐 봐.",
                        en=f"{what_en} cannot be checked either: the cause is the one named by the check above. "
                           "Fix that first.") from None


@check("forward 값이 step × round(x / step)이다", points=2, en="the forward value is step × round(x / step)")
def forward_value(t):
    v = _value(t)
    case = t.case
    want = _quantized(case)
    if np.allclose(v, want, rtol=1e-5, atol=1e-5):
        return
    x = np.asarray(case["x"], dtype=np.float64)
    known = [
        ("no_quantization", x,
         "값이 x 그대로야: 반올림이 forward에 반영되지 않았어. 결과는 `x + tf.stop_gradient(quantized - x)`처럼 "
         "값으로는 quantized가 되어야 해.",
         "The value is x itself: the rounding never reaches the forward pass. The result, e.g. "
         "`x + tf.stop_gradient(quantized - x)`, must equal the quantized value."),
        ("forgot_minus_x", x + want,
         "값이 x + quantized야. stop_gradient 안에서 x를 빼는 걸 잊었어: `x + tf.stop_gradient(quantized - x)`.",
         "The value is x + quantized: you forgot to subtract x inside stop_gradient: `x + tf.stop_gradient(quantized - x)`."),
        ("round_half_up", np.floor(x / case["step"] + 0.5) * case["step"],
         "거의 맞는데, 딱 가운데 값(`x / step`이 k + 0.5)에서 항상 위로 올렸어 (`floor(x + 0.5)`). 과제는 `tf.round`처럼 "
         "가운데 값은 **짝수** 쪽 격자점으로 보내: `0.5 → 0`, `1.5 → 2`. `tf.round`를 그대로 써.",
         "Nearly right, but exact halfway values (`x / step` = k + 0.5) always went up (`floor(x + 0.5)`). The task "
         "sends them to the **even** grid point, as `tf.round` does: `0.5 → 0`, `1.5 → 2`. Use `tf.round` as it is."),
        ("forgot_step_scale", np.round(x / case["step"]),
         f"값이 격자점의 **번호** round(x / step)이야: 다시 step = {case['step']:g}을 곱하는 걸 빠뜨렸어. "
         "`tf.round(x / step) * step`.",
         f"The values are the grid point **indices** round(x / step): the multiplication back by step = "
         f"{case['step']:g} is missing. `tf.round(x / step) * step`."),
        ("step_inverted", np.round(x * case["step"]) / case["step"],
         f"step을 거꾸로 썼어: `round(x * step) / step`은 간격이 1/step = {1 / case['step']:g}인 격자야. 간격이 step인 "
         "격자는 `tf.round(x / step) * step`.",
         f"step is used upside down: `round(x * step) / step` is a grid of spacing 1/step = {1 / case['step']:g}. The grid "
         "of spacing step is `tf.round(x / step) * step`."),
        ("used_floor", _quantized(case, np.floor),
         "반올림 대신 내림(floor)을 했어. 가장 가까운 격자점으로 가야 하니 `tf.round`를 써.",
         "You rounded down (floor) instead of to the nearest grid point. Use `tf.round`."),
        ("ignored_step", _quantized(case, step=1.0),
         f"step을 무시하고 정수로 반올림했어. step = {case['step']:g}의 배수로 만들려면 `tf.round(x / step) * step`.",
         f"You ignored step and rounded to integers. For multiples of step = {case['step']:g}, use "
         "`tf.round(x / step) * step`."),
    ]
    for diag, alt, ko, en in known:
        if not np.allclose(alt, want, rtol=1e-5, atol=1e-5) and np.allclose(v, alt, rtol=1e-5, atol=1e-5):
            raise Incorrect(diag, ko, en=en)
    expect_effect(v, want, what="forward 값", what_en="the forward value", diagnosis="wrong_value", rtol=1e-5, atol=1e-5)


@check("gradient가 그대로 통과한다 (dy/dx = 1)", points=2, en="the gradient passes straight through (dy/dx = 1)")
def identity_gradient(t):
    _after_first(_value, t, "gradient", "The gradient")
    upstream = np.asarray(t.case["upstream"], dtype=np.float64)
    g = t.got["grad"]
    uses_stop = uses(t.source, "tf.stop_gradient")
    if g is None or float(np.max(np.abs(np.asarray(g, dtype=np.float64)))) == 0.0:
        shown = "None" if g is None else "0"
        if uses_stop:
            raise Incorrect(
                "stop_gradient_wrong_place",
                f"x로 가는 gradient가 {shown}이야. stop_gradient가 x까지 전부 감싸서 gradient가 지나갈 길이 없어. "
                "x 하나는 stop_gradient **밖에** 두고, 바뀌는 양(quantized − x)만 감싸: `x + tf.stop_gradient(quantized - x)`.",
                en=f"The gradient reaching x is {shown}. stop_gradient wraps x entirely, so the gradient has no way "
                   "through. Keep one x **outside** stop_gradient and wrap only the change (quantized − x): "
                   "`x + tf.stop_gradient(quantized - x)`.")
        raise Incorrect(
            "plain_round",
            f"x로 가는 gradient가 {shown}이야. `tf.round`는 계단 함수라 미분이 거의 어디서나 0이고, TensorFlow는 아예 "
            "gradient를 정의하지 않아 (None). 그래서 quantize 앞쪽 layer가 학습을 못 해. straight-through estimator는 "
            "forward는 round, backward는 항등으로 속여: `x + tf.stop_gradient(quantized - x)`.",
            en=f"The gradient reaching x is {shown}. `tf.round` is a staircase whose derivative is 0 almost everywhere, "
               "and TensorFlow defines no gradient for it at all (None), so nothing before the quantizer can learn. The "
               "straight-through estimator cheats: round forward, identity backward: `x + tf.stop_gradient(quantized - x)`.")
    g = np.asarray(g, dtype=np.float64)
    if g.shape == upstream.shape and np.allclose(g, upstream, rtol=1e-5, atol=1e-6):
        return
    if g.shape == upstream.shape and np.allclose(g, -upstream, rtol=1e-5, atol=1e-6):
        raise Incorrect(
            "stop_gradient_wrong_place",
            "gradient의 부호가 거꾸로야 (dy/dx = −1). stop_gradient를 x 쪽에 씌우고 round(x) − x는 밖에 둬서, 밖에 남은 "
            "−x만 미분됐어. 반대로 해야 해: 밖에는 +x, stop_gradient 안에는 (quantized − x).",
            en="The gradient has the wrong sign (dy/dx = −1). stop_gradient went around x while round(x) − x stayed "
               "outside, so only the outside −x was differentiated. Do the opposite: +x outside, (quantized − x) inside "
               "stop_gradient.")
    step = float(t.case["step"])
    for factor in (1.0 / step, step):
        if factor != 1.0 and g.shape == upstream.shape and np.allclose(g, upstream * factor, rtol=1e-5, atol=1e-6):
            raise Incorrect(
                "scaled_gradient",
                f"gradient가 1이 아니라 {factor:g}배야. STE의 backward는 정확히 항등이어야 해: step으로 나누거나 곱한 "
                "부분까지 stop_gradient 안에 넣어. `x + tf.stop_gradient(tf.round(x / step) * step - x)`.",
                en=f"The gradient is {factor:g} times the upstream one instead of 1×. The STE backward pass must be exactly "
                   "the identity: keep the division and multiplication by step inside stop_gradient: "
                   "`x + tf.stop_gradient(tf.round(x / step) * step - x)`.")
    x = np.asarray(t.case["x"], dtype=np.float64)
    if g.shape == upstream.shape and np.allclose(g, np.ones_like(upstream), rtol=1e-5, atol=1e-6):
        raise Incorrect(
            "ignored_upstream",
            "x에 도착한 gradient가 전부 1이야: backward가 위에서 내려온 gradient를 무시하고 상수 1을 돌려줬어. "
            "dy/dx = 1이라는 건 upstream gradient에 1을 **곱한다**는 뜻이야: grad 함수라면 `return upstream`.",
            en="The gradient reaching x is 1 everywhere: the backward ignored the gradient coming from above and returned "
               "the constant 1. dy/dx = 1 means the upstream gradient is **multiplied** by 1: in a grad function, "
               "`return upstream`.")
    inside = np.abs(x) <= 1.0
    if g.shape == upstream.shape and not inside.all() and np.allclose(g, upstream * inside, rtol=1e-5, atol=1e-6):
        raise Incorrect(
            "clipped_ste",
            "|x| > 1인 원소에서 gradient가 0이야: binary network에서 쓰는 clipped STE(`|x| ≤ 1`에서만 통과)를 만들었어. "
            "이 과제의 STE는 모든 원소에서 dy/dx = 1이야: `x + tf.stop_gradient(quantized - x)`에서 x를 자르지 마.",
            en="The gradient is 0 where |x| > 1: you built the clipped STE of binary networks (passing only where "
               "|x| ≤ 1). This task's STE has dy/dx = 1 for every element: don't clip x in "
               "`x + tf.stop_gradient(quantized - x)`.")
    expect_effect(g, upstream, what="x의 gradient", what_en="the gradient of x", diagnosis="wrong_gradient",
                  rtol=1e-5, atol=1e-6)


@check("x와 같은 dtype(float32)을 돌려준다", points=1, en="the result keeps x's dtype (float32)")
def keeps_dtype(t):
    _after_first(_value, t, "dtype", "The dtype")
    if t.got["dtype"] != "float32":
        raise Incorrect(
            "wrong_dtype",
            f"결과 dtype이 {t.got['dtype']}이야. 입력과 같은 float32여야 해. 중간에 `tf.cast`로 바꿨다면 빼 줘.",
            en=f"The result's dtype is {t.got['dtype']}; it must stay float32 like the input. Drop any `tf.cast` in between.")


def charts(t):
    x = np.ravel(np.asarray(t.case["x"], dtype=np.float64))[:6]
    want = np.ravel(_quantized(t.case))[:6]
    labels = [f"x={v:.2f}" for v in x]
    rows = [{"group": g, "series": "x", "value": float(v)} for g, v in zip(labels, x)]
    rows += [{"group": g, "series": "forward (정답 / reference)", "value": float(v)} for g, v in zip(labels, want)]
    got = t.got if isinstance(t.got, dict) else {}
    if got.get("value") is not None and np.size(got["value"]) == np.size(t.case["x"]):
        rows += [{"group": g, "series": "forward (내 코드 / yours)", "value": float(v)}
                 for g, v in zip(labels, np.ravel(got["value"])[:6])]
    up = np.ravel(np.asarray(t.case["upstream"], dtype=np.float64))[:6]
    grad_rows = [{"group": g, "series": "upstream = 정답 / reference", "value": float(v)} for g, v in zip(labels, up)]
    if got.get("grad") is not None and np.size(got["grad"]) == np.size(t.case["x"]):
        grad_rows += [{"group": g, "series": "x에 도착한 gradient / yours", "value": float(v)}
                      for g, v in zip(labels, np.ravel(got["grad"])[:6])]
    return [
        {"kind": "grouped_bars", "title": f"forward: x와 quantize 결과 (step {t.case['step']:g})",
         "title_en": f"Forward: x and its quantized value (step {t.case['step']:g})", "rows": rows},
        {"kind": "grouped_bars", "title": "backward: upstream gradient가 x까지 그대로 와야 해",
         "title_en": "Backward: the upstream gradient must reach x unchanged", "rows": grad_rows},
    ]
