"""Hidden cases and checks for gradient-reversal: identity forward, -lam * upstream backward."""
import numpy as np

from grader.api import Incorrect, check, expect_effect

FAMILIES = ["sign", "shape"]

SHAPES = [(4,), (5,), (2, 3), (3, 2)]


def cases(rng):
    out = []
    # λ away from 1 (so "ignored λ" is visible) and upstream away from all-ones (so "ignored upstream" is).
    lams = [float(np.round(rng.uniform(0.2, 0.8), 3)), float(np.round(rng.uniform(1.5, 3.0), 3)),
            float(np.round(rng.uniform(0.2, 0.8), 3))]
    for lam in lams:
        shape = SHAPES[int(rng.integers(len(SHAPES)))]
        out.append({"x": rng.normal(size=shape).astype(np.float32),
                    "upstream": rng.uniform(0.5, 2.0, size=shape).astype(np.float32) * rng.choice([-1.0, 1.0], size=shape).astype(np.float32),
                    "lam": lam})
    return out


def _close(a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and np.allclose(a, b, rtol=1e-4, atol=1e-5)


def _stop_gradient_route(t):
    """The learner builds the reversal from tf.stop_gradient arithmetic rather than a custom gradient."""
    return t.static.uses("stop_gradient") and not t.static.decorated("custom_gradient")


def _fix(t):
    """How to write the backward, in the learner's own route."""
    if _stop_gradient_route(t):
        return ("`tf.stop_gradient((1 + lam) * x) - lam * x`처럼 써: 값은 `stop_gradient` 안쪽과 바깥이 합쳐서 x가 되고, "
                "gradient는 바깥의 `-lam * x`만 정해.",
                "Write it like `tf.stop_gradient((1 + lam) * x) - lam * x`: the inside and outside of `stop_gradient` "
                "add up to x in value, and only the outer `-lam * x` sets the gradient.")
    return ("grad 함수가 `-lam * upstream`을 return하게 해.", "Make the grad function return `-lam * upstream`.")


def _grad_count(t):
    if t.got.get("grad_count_error"):
        raise Incorrect(
            "grad_count",
            f"gradient를 계산하다가 에러가 났어: \"{t.got['grad_count_error']}\". `@tf.custom_gradient`를 붙인 함수가 "
            "`x`와 `lam` 두 개를 입력으로 받으면, grad 함수도 입력마다 하나씩 gradient 2개를 돌려줘야 해. "
            "`lam`은 학습 대상이 아니니까 `return -lam * upstream, None`으로 고치거나, 더 깔끔하게 바깥 함수가 `lam`을 받고 "
            "`x`만 받는 안쪽 함수를 decorate해.",
            en=f"Computing the gradient failed: \"{t.got['grad_count_error']}\". When the `@tf.custom_gradient` "
               "function takes both `x` and `lam`, its grad function must return one gradient per input, two in all. "
               "`lam` is not trained, so return `-lam * upstream, None`, or more cleanly, let an outer function take "
               "`lam` and decorate an inner function that takes only `x`.")




def regions(case):
    """λ below and above 1 (λ = 1 would hide a forgotten λ)."""
    return {"λ < 1" if case["lam"] < 1 else "λ > 1"}

def _after_first(check, t, what, what_en):
    """A shared precondition: the first check explains it in full, a later one only points there (one message per
    cause, not the same text twice in one verdict)."""
    try:
        return check(t)
    except Incorrect as exc:
        raise Incorrect(exc.diagnosis, f"{what}도 확인할 수 없어: 원인은 위 검사의 진단과 같아. 그것부터 고쳐 봐.",
                        en=f"{what_en} cannot be checked either: the cause is the one named by the check above. "
                           "Fix that first.") from None


@check("forward는 x 그대로다 (identity)", points=1, en="the forward pass is the identity")
def forward_is_identity(t):
    _grad_count(t)
    got = t.got.get("forward")
    x = np.asarray(t.case["x"], dtype=np.float64)
    lam = t.case["lam"]
    if got is None:
        raise Incorrect(
            "returned_none",
            f"x와 값이 같은 tensor를 return해야 하는데 {t.got.get('returned')}을(를) 받았어. "
            "`return _reverse(x)`처럼 decorate한 함수를 x에 적용한 결과를 돌려줘.",
            en=f"Return a tensor with the same values as x; got {t.got.get('returned')}. Return the decorated "
               "function applied to x, e.g. `return _reverse(x)`.")
    g = np.asarray(got, dtype=np.float64)
    if g.shape == x.shape and not _close(g, x) and np.any(np.abs(x) > 1e-6):
        k = float(np.sum(g * x) / np.sum(x * x))  # the forward is k·x for one constant k?
        if _close(g, k * x):
            if _stop_gradient_route(t):
                how = ("`tf.stop_gradient` 안쪽과 바깥을 더한 값이 x가 돼야 해: 안쪽 `(1 + lam) * x`, 바깥 `- lam * x`.",
                       "The inside and the outside of `tf.stop_gradient` must add up to x: `(1 + lam) * x` inside, "
                       "`- lam * x` outside.")
            else:
                how = ("forward는 `tf.identity(x)`, backward만 `-lam * upstream`으로 따로 정의해.",
                       "Return `tf.identity(x)` as the forward and define only the backward as `-lam * upstream`.")
            raise Incorrect(
                "forward_changed",
                f"forward 값이 x 그대로여야 하는데 x의 {k:.4g}배야 (λ = {lam:g}). gradient reversal은 **값은 건드리지 않고** "
                "backward에서만 gradient를 뒤집어. 값이 바뀌면 gradient가 맞아도 다음 layer가 엉뚱한 입력을 받아. " + how[0],
                en=f"The forward values should be x unchanged, but they are {k:.4g} times x (λ = {lam:g}). A gradient "
                   "reversal **leaves the values alone** and flips the gradient only in the backward pass; with other "
                   "values the next layer sees the wrong input even if the gradient is right. " + how[1])
    expect_effect(got, x, what="forward 결과", what_en="the forward result", diagnosis="forward_differs")


@check("backward gradient가 -λ · upstream이다", points=2, en="the backward gradient is -λ · upstream")
def backward_is_reversed(t):
    _after_first(_grad_count, t, "backward gradient", "The backward gradient")
    got = t.got.get("grad")
    c = np.asarray(t.case["upstream"], dtype=np.float64)
    lam = t.case["lam"]
    want = -lam * c
    if got is None and _stop_gradient_route(t):
        raise Incorrect(
            "everything_stopped",
            "x에 대한 gradient가 None이야: x가 나오는 곳이 전부 `tf.stop_gradient` 안에 있어서 gradient가 흐를 길이 없어. "
            "값을 정하는 부분만 `stop_gradient`에 넣고, `-lam * x` 하나는 밖에 남겨서 gradient를 실어 줘: "
            "`tf.stop_gradient((1 + lam) * x) - lam * x`.",
            en="The gradient for x is None: every place x appears is inside `tf.stop_gradient`, so no gradient can flow. "
               "Put only the part that sets the value inside `stop_gradient` and keep one `-lam * x` outside to carry "
               "the gradient: `tf.stop_gradient((1 + lam) * x) - lam * x`.")
    if got is None:
        raise Incorrect(
            "no_gradient",
            f"x에 대한 gradient가 None이야. 기대한 건 -λ · upstream (λ = {lam:g})이야. 결과가 tape에서 x와 이어지지 않았거나 "
            "grad 함수가 None을 돌려줬어. grad 함수는 `return -lam * upstream`처럼 tensor를 돌려줘야 해.",
            en=f"The gradient for x is None; expected -λ · upstream (λ = {lam:g}). Either the result is not connected "
               "to x on the tape, or your grad function returned None. It must return a tensor, e.g. "
               "`return -lam * upstream`.")
    if _close(got, want):
        return
    if _close(got, lam * c):
        raise Incorrect(
            "forgot_negation",
            f"gradient가 -λ · upstream이어야 하는데 +λ · upstream이야 (λ = {lam:g}): 부호가 빠졌어. 그러면 gradient가 "
            "뒤집히지 않고 크기만 바뀌어서, feature extractor가 domain 분류기를 속이는 대신 돕게 돼. " + _fix(t)[0],
            en=f"The gradient should be -λ · upstream but is +λ · upstream (λ = {lam:g}): the minus sign is missing. "
               "Then the gradient is only rescaled, not reversed, and the feature extractor helps the domain "
               "classifier instead of fooling it. " + _fix(t)[1])
    if _close(got, -c):
        raise Incorrect(
            "ignored_lambda",
            f"gradient가 -λ · upstream (λ = {lam:g})이어야 하는데 -1 · upstream이야: λ가 빠졌어. λ는 reversal의 세기를 "
            "조절하는 값이라 (DANN은 학습하면서 0에서 1로 키워) 꼭 곱해야 해. " + _fix(t)[0],
            en=f"The gradient should be -λ · upstream (λ = {lam:g}) but is -1 · upstream: λ is missing. λ sets the "
               "strength of the reversal (DANN ramps it from 0 to 1 during training), so it must be applied. " + _fix(t)[1])
    if _close(got, c):
        raise Incorrect(
            "not_reversed",
            "gradient가 upstream 그대로 통과했어. 기대한 건 -λ · upstream이야. custom gradient가 적용되지 않았거나 "
            "grad 함수가 upstream을 그대로 돌려주고 있어. `@tf.custom_gradient` 안의 grad 함수가 "
            "`-lam * upstream`을 return하는지 봐.",
            en="The gradient passed through unchanged as upstream; expected -λ · upstream. Either the custom "
               "gradient is not in effect or its grad function returns upstream as is. Check that the grad function "
               "inside `@tf.custom_gradient` returns `-lam * upstream`.")
    if _close(got, -lam * np.ones_like(c)):
        raise Incorrect(
            "ignored_upstream",
            f"gradient가 모든 원소에서 -λ (= {-lam:g})야. 기대한 건 위에서 내려온 gradient에 -λ를 곱한 값이야. "
            "grad 함수의 인자(upstream)를 무시하고 상수를 돌려준 것 같아. chain rule에 따라 `-lam * upstream`을 돌려줘.",
            en=f"The gradient is -λ (= {-lam:g}) everywhere; expected the gradient coming from above times -λ. "
               "Your grad function seems to ignore its argument (upstream) and return a constant. By the chain rule, "
               "return `-lam * upstream`.")
    x = np.asarray(t.case["x"], dtype=np.float64)
    if _close(got, -lam * x):
        raise Incorrect(
            "grad_uses_input",
            f"gradient가 -λ · x야 (λ = {lam:g}): grad 함수가 위에서 내려온 gradient 대신 **입력 x**를 썼어. grad 함수의 "
            "인자가 바로 upstream gradient야. chain rule에 따라 그걸 `-lam`배 해서 돌려줘: `return -lam * upstream`.",
            en=f"The gradient is -λ · x (λ = {lam:g}): your grad function used the **input x** instead of the gradient "
               "coming from above. The grad function's argument is that upstream gradient; by the chain rule, return "
               "it times `-lam`: `return -lam * upstream`.")
    if _close(got, -c / lam):
        raise Incorrect(
            "lambda_inverted",
            f"gradient가 -upstream / λ야 (λ = {lam:g}): λ로 나눴어. reversal의 세기 λ는 **곱해야** 해. "
            "λ = 0이면 gradient가 0, λ = 1이면 부호만 뒤집혀. " + _fix(t)[0],
            en=f"The gradient is -upstream / λ (λ = {lam:g}): you divided by λ. The reversal strength λ **multiplies**: "
               "λ = 0 gives a zero gradient, λ = 1 only flips the sign. " + _fix(t)[1])
    expect_effect(got, want, what="x에 대한 gradient", what_en="the gradient for x", diagnosis="wrong_gradient")


def charts(t):
    c = np.ravel(np.asarray(t.case["upstream"], dtype=np.float64))[:6]
    lam = t.case["lam"]
    rows = []
    for i, ci in enumerate(c):
        rows.append({"group": f"x[{i}]", "series": "upstream (reversal 없이)", "value": float(ci)})
        rows.append({"group": f"x[{i}]", "series": f"reversal 후 (-{lam:g} × upstream)", "value": float(-lam * ci)})
    return [{"kind": "grouped_bars",
             "title": f"gradient reversal: 부호는 뒤집히고 크기는 λ = {lam:g}배",
             "title_en": f"Gradient reversal: the sign flips and the size scales by λ = {lam:g}",
             "rows": rows}]
