"""Hidden cases and checks for manual-loss-scaling: scale the loss, unscale the gradients, skip an overflowing
step (halving the scale), otherwise clip by global norm and apply."""
import numpy as np

from grader.api import Evidence, Incorrect, check, clip_each, clip_global, global_norm

FAMILIES = ["clipping", "norm", "sign"]

SHAPES = [(3, 4), (4,), (4, 1), (1,)]
# The regions every grade covers: clipping shrinks the step, clipping is a no-op, float16 overflows.
KINDS = ["clip", "noop", "clip", "overflow"]


def _raw_grads(x, y, weights):
    """The float32 numpy twin of the probe's model (Dense 4 tanh -> Dense 1) and its MSE gradients."""
    k1, b1, k2, b2 = (np.asarray(w, dtype=np.float64) for w in weights)
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    h = np.tanh(x @ k1 + b1)
    out = h @ k2 + b2
    d_out = 2.0 * (out - y) / out.size
    d_pre = (d_out @ k2.T) * (1.0 - h * h)
    return [x.T @ d_pre, d_pre.sum(axis=0), h.T @ d_out, d_out.sum(axis=0)]


def cases(rng):
    out = []
    for kind in KINDS:
        batch = int(rng.integers(6, 11))
        x = rng.normal(size=(batch, 3)).astype(np.float32)
        weights = [(0.6 * rng.normal(size=s)).astype(np.float32) for s in SHAPES]
        if kind == "overflow":   # a large loss with a large scale: the float16 backward pass passes 65504
            y = (float(rng.uniform(30.0, 60.0)) + rng.normal(size=(batch, 1))).astype(np.float32)
            scale = float(2 ** int(rng.integers(18, 22)))
        else:                    # small enough that every scaled float16 gradient stays finite
            y = (float(rng.uniform(2.0, 5.0)) * (x @ rng.normal(size=(3, 1)))).astype(np.float32)
            scale = float(2 ** int(rng.integers(6, 10)))
        norm = global_norm(_raw_grads(x, y, weights))
        ratio = {"clip": rng.uniform(0.15, 0.6), "noop": rng.uniform(1.5, 2.5), "overflow": rng.uniform(0.3, 3.0)}[kind]
        out.append({"seed": int(rng.integers(0, 2**31 - 1)), "kind": kind, "x": x, "y": y, "weights": weights,
                    "loss_scale": scale, "clip_norm": float(np.round(norm * ratio, 4)),
                    "lr": float(np.round(rng.uniform(0.05, 0.2), 3))})
    return out


def regions(case):
    return {"clip": {"clipping"}, "noop": {"no-op"}, "overflow": {"overflow"}}[case["kind"]]


def _finite(value):
    return value is not None and np.all(np.isfinite(np.asarray(value, dtype=np.float64)))


def _overflowed(t):
    return not _finite(t.want["norm"])


def _moved(obs, lr):
    """The gradient the weights moved by, read back from an SGD step: (before − after) / lr."""
    return [(np.asarray(b, np.float64) - np.asarray(a, np.float64)) / lr for b, a in zip(obs["before"], obs["after"])]


def _near(a, b, lr, rtol):
    """Close as whole vectors: weights are float32, so a step read back from them carries ~1e-7/lr of rounding."""
    if len(a) != len(b) or any(np.shape(x) != np.shape(y) for x, y in zip(a, b)):
        return False
    diff = global_norm([np.asarray(x, np.float64) - np.asarray(y, np.float64) for x, y in zip(a, b)])
    return diff <= rtol * global_norm(b) + 1e-5 / lr


def _explain_step(t, got, raw, c, s, lr):
    """The learner's finite step is wrong: name the known way it was built, or say how it differs."""
    scaled = [g * s for g in raw]
    known = [
        ("clipped_before_unscaling", [g / s for g in clip_global(scaled, c)],
         f"gradient를 loss_scale({s:g})로 나누기 **전에** clip했어. scale된 gradient는 진짜의 {s:g}배라서, 그 상태로 "
         f"clip_norm {c:g}에 자르면 진짜 gradient 기준으로는 {c / s:.3g}에 자른 셈이야. 그래서 weight가 거의 안 움직였어. "
         "먼저 `g / loss_scale`로 되돌린 다음에 clip해.",
         f"You clipped **before** dividing by loss_scale ({s:g}). Scaled gradients are {s:g} times the real ones, so "
         f"clipping them to clip_norm {c:g} clips the real gradient to {c / s:.3g}, and the weights barely moved. "
         "Bring them back with `g / loss_scale` first, then clip."),
        ("forgot_unscale", clip_global(scaled, c),
         f"gradient를 loss_scale({s:g})로 나누지 않았어. 진짜 norm은 {global_norm(raw):.4g}로 clip_norm {c:g}보다 작아서 "
         f"그대로 적용돼야 하는데, scale된 norm {global_norm(scaled):.4g}을 {c:g}로 잘라서 적용했어. "
         "clip 전에 `[g / loss_scale for g in grads]`로 되돌려.",
         f"You never divided the gradients by loss_scale ({s:g}). The real norm is {global_norm(raw):.4g}, below "
         f"clip_norm {c:g}, so they should be applied as they are; instead the scaled norm {global_norm(scaled):.4g} "
         f"was cut to {c:g} and applied. Unscale with `[g / loss_scale for g in grads]` before clipping."),
        ("forgot_unscale", scaled,
         f"scale된 gradient를 나누지도 clip하지도 않고 적용했어: update가 {s:g}배 커. `g / loss_scale`로 되돌린 다음 clip해.",
         f"You applied the scaled gradients without dividing or clipping: the update is {s:g} times too large. "
         "Divide by loss_scale, then clip."),
        ("loss_not_scaled", [g / s for g in raw],
         f"loss에 loss_scale을 곱하지 않고 gradient만 {s:g}로 나눴어. 그래서 update가 {s:g}배 작아. "
         "`scaled_loss = loss * loss_scale`의 gradient를 구해야 나누기가 맞아떨어져.",
         f"You divided the gradients by {s:g} without multiplying the loss by loss_scale, so the update is {s:g} times "
         "too small. Take the gradients of `scaled_loss = loss * loss_scale` so the division cancels out."),
        ("per_tensor_clip", clip_each(raw, c),
         f"gradient를 tensor마다 따로 clip했어 (`tf.clip_by_norm`). 과제는 전체를 함께 자르는 global norm clip이야: "
         "`tf.clip_by_global_norm(grads, clip_norm)`.",
         "You clipped each tensor separately (`tf.clip_by_norm`). The task is a global-norm clip of all of them "
         "together: `tf.clip_by_global_norm(grads, clip_norm)`."),
        ("not_clipped", raw,
         f"unscale은 맞는데 clip을 안 했어. 진짜 norm {global_norm(raw):.4g}이 clip_norm {c:g}보다 크니까 "
         "`tf.clip_by_global_norm`으로 줄여서 적용해야 해.",
         f"The unscaling is right but you did not clip. The real norm {global_norm(raw):.4g} is above clip_norm {c:g}, "
         "so shrink it with `tf.clip_by_global_norm` before applying."),
    ]
    want = clip_global(raw, c)
    for diag, alt, ko, en in known:
        if not _near(alt, want, lr, 2e-2) and _near(got, alt, lr, 2e-2):
            raise Incorrect(diag, ko, en=en)
    ratio = global_norm(got) / max(global_norm(want), 1e-30)
    raise Incorrect(
        "wrong_update",
        f"weight가 움직인 양이 기대와 달라: weight 변화를 lr로 나눠 보면 norm {global_norm(got):.4g}인 gradient를 적용했는데, "
        f"기대한 건 norm {global_norm(want):.4g}인 clip된 gradient야 ({ratio:.3g}배). 순서를 봐: scale된 loss의 gradient → loss_scale로 나누기 → "
        "global norm clip → 적용 한 번.",
        en=f"The weights moved by the wrong amount: divided by lr, their change is a gradient of norm "
           f"{global_norm(got):.4g}, but the expected clipped gradient has norm {global_norm(want):.4g} ({ratio:.3g} "
           "times). Check the order: gradients of the scaled loss → divide by loss_scale → global-norm clip → apply once.",
        generic=True, evidence=Evidence(got, want, "적용된 gradient", "the gradient applied",
                                        context={"raw": raw, "clip_norm": c}))


@check("유한한 step: unscale하고 clip한 gradient가 적용된다", points=2,
       en="finite step: the unscaled, clipped gradients are applied")
def finite_step(t):
    if _overflowed(t):
        return
    lr, c, s = float(t.case["lr"]), float(t.case["clip_norm"]), float(t.case["loss_scale"])
    got = _moved(t.got, lr)
    if not all(_finite(a) for a in t.got["after"]):
        raise Incorrect(
            "weights_not_finite",
            "유한한 step인데 weight에 inf나 nan이 생겼어. 나누기를 0이나 inf로 하지 않았는지, clip에 넘긴 norm이 맞는지 봐.",
            en="A finite step left inf or nan in the weights. Check you did not divide by zero or inf, and the norm "
               "you gave the clip.")
    if global_norm(got) == 0.0:
        raise Incorrect(
            "no_update",
            "gradient가 유한한 step인데 weight가 하나도 안 움직였어. 유한하면 clip한 gradient를 "
            "`optimizer.apply_gradients(zip(clipped, model.trainable_variables))`로 한 번 적용해.",
            en="The gradients were finite, yet no weight moved. When they are finite, apply the clipped gradients once "
               "with `optimizer.apply_gradients(zip(clipped, model.trainable_variables))`.")
    raw = [np.asarray(g, np.float64) for g in t.want["raw"]]
    if not _near(got, clip_global(raw, c), lr, 2e-3):
        _explain_step(t, got, raw, c, s, lr)


@check("넘친 step은 update 없이 건너뛴다", points=2, en="an overflowing step is skipped without an update")
def overflow_skipped(t):
    if not _overflowed(t):
        return
    if any(not np.array_equal(np.asarray(b), np.asarray(a)) for b, a in zip(t.got["before"], t.got["after"])):
        broken = not all(_finite(a) for a in t.got["after"])
        if not broken and _finite(t.got["norm"]):
            s = float(t.case["loss_scale"])
            raise Incorrect(
                "loss_not_scaled",
                f"loss_scale {s:g}로 scale하면 이 step의 float16 gradient는 넘쳐야 하는데, 네 gradient는 유한했고 update도 "
                "적용됐어. backward 전에 loss에 loss_scale을 곱하지 않은 것 같아: "
                "`scaled_loss = loss * loss_scale`을 tape 안에서 계산하고 그 gradient를 구해.",
                en=f"Scaled by loss_scale {s:g}, this step's float16 gradients overflow, yet yours stayed finite and the "
                   "update was applied. It looks like the loss was not multiplied by loss_scale before the backward "
                   "pass: compute `scaled_loss = loss * loss_scale` inside the tape and take its gradients.")
        raise Incorrect(
            "applied_overflow",
            "float16이 넘쳐서 gradient에 inf/nan이 있는 step인데 weight를 바꿨어" + (" (weight가 nan이 됐어)" if broken else "")
            + ". clip으로는 inf를 못 고쳐: `tf.clip_by_global_norm`은 norm이 inf면 전부 nan을 돌려줘. "
            "`tf.math.is_finite(norm)`이 False면 apply하지 말고 바로 return해.",
            en="float16 overflowed in this step (inf/nan in the gradients), yet you changed the weights"
               + (" (they became nan)" if broken else "") + ". Clipping cannot repair inf: `tf.clip_by_global_norm` "
               "returns all nan when the norm is inf. When `tf.math.is_finite(norm)` is False, return without applying.")


def _pair(t):
    if t.got["scale"] is None or t.got["norm"] is None:
        raise Incorrect(
            "wrong_return",
            f"`(norm, new_loss_scale)` 두 개를 return해야 하는데 {t.got['returned']}을(를) 받았어.",
            en=f"Return two things, `(norm, new_loss_scale)`; got {t.got['returned']}.")


@check("다음 step의 loss scale을 돌려준다", points=1, en="returns the loss scale for the next step")
def next_scale(t):
    _pair(t)
    s = float(t.case["loss_scale"])
    got = float(np.asarray(t.got["scale"], np.float64).ravel()[0])
    want = s / 2 if _overflowed(t) else s
    if np.isclose(got, want, rtol=1e-6):
        return
    if _overflowed(t) and np.isclose(got, s) and _finite(t.got["norm"]):
        raise Incorrect(
            "loss_not_scaled",
            f"loss scale을 {s:g} 그대로 돌려줬어. 네 gradient는 이 step에서 넘치지 않았거든 (norm이 유한해). 하지만 loss에 "
            f"{s:g}를 곱했다면 float16이 넘쳤어야 해. loss를 scale한 다음 gradient를 구해.",
            en=f"You returned the loss scale unchanged ({s:g}) because your gradients did not overflow in this step (your "
               f"norm is finite). Had the loss been multiplied by {s:g}, float16 would have overflowed. Scale the loss "
               "before taking gradients.")
    if _overflowed(t) and np.isclose(got, s):
        raise Incorrect(
            "scale_not_lowered",
            f"넘친 step인데 loss scale을 {s:g} 그대로 돌려줬어. 그러면 다음 step도 똑같이 넘쳐. 반으로 줄여서 "
            f"{s / 2:g}를 돌려줘.",
            en=f"The step overflowed but you returned the loss scale unchanged ({s:g}), so the next step overflows the "
               f"same way. Halve it and return {s / 2:g}.")
    if _overflowed(t) and np.isclose(got, 2 * s):
        raise Incorrect(
            "scale_raised",
            f"넘친 step에서 loss scale을 {2 * s:g}로 **키웠어**. 넘쳤다는 건 scale이 너무 크다는 뜻이라 반으로 줄여야 해: {s / 2:g}.",
            en=f"After an overflow you **raised** the loss scale to {2 * s:g}. An overflow means the scale is too large, "
               f"so halve it: {s / 2:g}.")
    if not _overflowed(t) and np.isclose(got, s / 2):
        raise Incorrect(
            "scale_lowered_on_finite",
            f"gradient가 유한한 step인데 loss scale을 {s / 2:g}로 줄였어. 줄이는 건 넘쳤을 때뿐이야. 이 step은 {s:g} 그대로.",
            en=f"The gradients were finite, yet you lowered the loss scale to {s / 2:g}. Lower it only after an "
               f"overflow; here it stays {s:g}.")
    raise Incorrect(
        "wrong_scale",
        f"돌려준 loss scale이 {got:g}인데 기대는 {want:g}야. 넘쳤으면 loss_scale / 2, 아니면 loss_scale 그대로.",
        en=f"You returned loss scale {got:g}; expected {want:g}. After an overflow it is loss_scale / 2, otherwise "
           "loss_scale unchanged.")


@check("clip 전, unscale 후의 global norm을 돌려준다", points=1,
       en="returns the global norm before clipping and after unscaling")
def returned_norm(t):
    _pair(t)
    got = float(np.asarray(t.got["norm"], np.float64).ravel()[0])
    s, c = float(t.case["loss_scale"]), float(t.case["clip_norm"])
    if _overflowed(t):
        if np.isfinite(got):
            raise Incorrect(
                "norm_finite_on_overflow",
                f"이 step은 loss_scale로 scale하면 float16이 넘쳐서 norm이 inf나 nan이어야 하는데, 유한한 값 {got:.4g}을 "
                "돌려줬어. norm은 scale된 loss의 gradient를 나눈 것 전체에서 재.",
                en=f"Scaled by loss_scale, this step overflows float16, so the norm must be inf or nan; you returned the "
                   f"finite {got:.4g}. Measure the norm over all the gradients of the scaled loss, divided back.")
        return
    want = float(np.asarray(t.want["norm"], np.float64).ravel()[0])
    if np.isclose(got, want, rtol=2e-3):
        return
    if np.isclose(got, want * s, rtol=2e-3):
        raise Incorrect(
            "norm_scaled",
            f"돌려준 norm {got:.4g}은 scale된 gradient의 norm이야 (진짜의 {s:g}배). 기록할 건 나눈 다음의 norm {want:.4g}이야. "
            "scale된 norm으로는 threshold를 고를 수 없어.",
            en=f"The norm you returned, {got:.4g}, is the scaled gradients' norm ({s:g} times the real one). Log the norm "
               f"after dividing, {want:.4g}: a scaled norm is useless for choosing a threshold.")
    if np.isclose(got, want / s, rtol=2e-2):
        raise Incorrect(
            "loss_not_scaled",
            f"돌려준 norm {got:.4g}이 진짜 norm {want:.4g}의 1/{s:g}이야. scale하지 않은 loss의 gradient를 loss_scale로 "
            "나눈 값이야. loss에 loss_scale을 곱한 다음 gradient를 구해야 나누기가 맞아떨어져.",
            en=f"The norm you returned, {got:.4g}, is 1/{s:g} of the real norm {want:.4g}: the gradients of an unscaled "
               "loss divided by loss_scale. Multiply the loss by loss_scale before taking gradients so the division "
               "cancels out.")
    if want > c and np.isclose(got, c, rtol=2e-3):
        raise Incorrect(
            "norm_after_clip",
            f"clip한 **뒤의** norm({c:g}, 항상 clip_norm 이하)을 돌려줬어. 기록할 건 clip **전** norm {want:.4g}이야.",
            en=f"You returned the norm **after** clipping ({c:g}, never above clip_norm). Log the norm **before** "
               f"clipping, {want:.4g}.")
    raise Incorrect(
        "wrong_norm",
        f"돌려준 norm이 {got:.4g}인데 기대는 {want:.4g}야 (unscale한 gradient 전체의 clip 전 global norm).",
        en=f"You returned norm {got:.4g}; expected {want:.4g} (the pre-clip global norm of all unscaled gradients).")
