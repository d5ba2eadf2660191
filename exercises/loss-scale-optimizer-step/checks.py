"""Hidden cases and checks for loss-scale-optimizer-step: a LossScaleOptimizer whose inner SGD clips by global
norm, driven from a custom step that hands it the scaled gradients and reports the real pre-clip norm."""
import numpy as np

from grader.api import Evidence, Incorrect, check, clip_each, clip_global, global_norm, uses

FAMILIES = ["clipping", "norm", "sign"]

SHAPES = [(3, 4), (4,), (4, 1), (1,)]
KINDS = ["clip", "noop", "clip", "overflow"]   # clipping shrinks the step, clipping is a no-op, float16 overflows


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
    return value is not None and bool(np.all(np.isfinite(np.asarray(value, dtype=np.float64))))


def _overflowed(t):
    return t.case["kind"] == "overflow"


def _near(a, b, lr, rtol):
    """Close as whole vectors: weights are float32, so a step read back from them carries ~1e-7/lr of rounding."""
    if len(a) != len(b) or any(np.shape(x) != np.shape(y) for x, y in zip(a, b)):
        return False
    diff = global_norm([np.asarray(x, np.float64) - np.asarray(y, np.float64) for x, y in zip(a, b)])
    return diff <= rtol * global_norm(b) + 1e-5 / lr


def _no_optimizer(t):
    """Later checks cannot run without an optimizer that steps; the setup check names the cause."""
    if t.got["make_error"] or t.got.get("after") is None:
        raise Incorrect(
            "no_optimizer",
            "make_optimizer가 쓸 수 있는 optimizer를 돌려주지 않아서 이 step을 채점할 수 없어. 먼저 위의 구성 항목을 고쳐.",
            en="make_optimizer did not return an optimizer that can take a step, so this step cannot be graded. Fix the "
               "set-up item above first.")


@check("make_optimizer: SGD를 감싼 LossScaleOptimizer", points=1, en="make_optimizer: a LossScaleOptimizer around SGD")
def setup(t):
    err = t.got["make_error"]
    if err and "does not support" in err:
        raise Incorrect(
            "clip_on_wrapper",
            f"LossScaleOptimizer에 clipping 옵션을 줬더니 Keras가 거절했어 ({err}). LossScaleOptimizer는 gradient를 나누고 "
            "유한한지 확인하는 일만 하고, clip과 update는 안쪽 optimizer가 해. "
            "`keras.optimizers.SGD(learning_rate, global_clipnorm=clip_norm)`을 감싸.",
            en=f"You gave the LossScaleOptimizer a clipping option and Keras refused it ({err}). A LossScaleOptimizer only "
               "divides the gradients and checks they are finite; clipping and the update belong to the inner optimizer. "
               "Wrap `keras.optimizers.SGD(learning_rate, global_clipnorm=clip_norm)`.")
    if err:
        raise Incorrect("setup_error", f"make_optimizer가 예외를 냈어: {err}", en=f"make_optimizer raised: {err}")
    if t.got["kind"] != "LossScaleOptimizer":
        raise Incorrect(
            "not_loss_scale_optimizer",
            f"make_optimizer가 {t.got['kind']}를 돌려줬어. loss scaling이 없으면 float16 gradient가 0으로 사라지거나 "
            "넘쳐도 그대로 적용돼. `keras.optimizers.LossScaleOptimizer(keras.optimizers.SGD(...))`로 감싸.",
            en=f"make_optimizer returned a {t.got['kind']}. Without loss scaling, float16 gradients vanish to zero, or "
               "overflow and get applied anyway. Wrap it: `keras.optimizers.LossScaleOptimizer(keras.optimizers.SGD(...))`.")
    inner = t.got["inner"] or {}
    if inner.get("class") != "SGD":
        raise Incorrect("wrong_inner", f"안쪽 optimizer가 SGD가 아니라 {inner.get('class')}야.",
                        en=f"The inner optimizer is {inner.get('class')}, not SGD.")
    if inner.get("learning_rate") is not None and not np.isclose(inner["learning_rate"], t.case["lr"], rtol=1e-5):
        raise Incorrect("wrong_learning_rate", f"안쪽 SGD의 learning rate가 {inner['learning_rate']:g}인데 "
                        f"{t.case['lr']:g}여야 해.",
                        en=f"The inner SGD's learning rate is {inner['learning_rate']:g}; it should be {t.case['lr']:g}.")


def _explain_step(t, got, raw, c, s, lr):
    scaled = [g * s for g in raw]
    inner = t.got["inner"] or {}
    scale_loss_called = uses(t.source, "optimizer.scale_loss")
    tiny = ("unscaled_twice",
            f"gradient를 직접 `dynamic_scale`({s:g})로 나눈 다음 `apply_gradients`에 넘겼어. LossScaleOptimizer가 한 번 더 "
            f"나누니까 update가 {s:g}배 작아. `apply_gradients`에는 scale된 gradient를 **그대로** 넘겨. norm을 볼 때만 나눠.",
            f"You divided the gradients by `dynamic_scale` ({s:g}) yourself and then passed them to `apply_gradients`. The "
            f"LossScaleOptimizer divides once more, so the update is {s:g} times too small. Pass the scaled gradients **as "
            "they are**; divide only to look at the norm.") if scale_loss_called else (
            "loss_not_scaled",
            f"`optimizer.scale_loss`를 안 거친 loss의 gradient를 넘겼어. LossScaleOptimizer는 받은 gradient를 항상 scale({s:g})로 "
            f"나누니까 update가 {s:g}배 작아졌어. `scaled_loss = optimizer.scale_loss(loss)`의 gradient를 구해.",
            f"You passed the gradients of a loss that never went through `optimizer.scale_loss`. A LossScaleOptimizer always "
            f"divides what it gets by the scale ({s:g}), so the update came out {s:g} times too small. Take the gradients "
            "of `scaled_loss = optimizer.scale_loss(loss)`.")
    known = [
        ("clipped_before_unscaling", [g / s for g in clip_global(scaled, c)],
         f"scale된 gradient를 직접 clip한 다음 넘겼어. scale된 gradient는 진짜의 {s:g}배라서, clip_norm {c:g}에 자르면 진짜 "
         f"기준으로는 {c / s:.3g}에 자른 셈이야. clip은 unscale **뒤에** 일어나야 해: 안쪽 SGD에 "
         "`global_clipnorm=clip_norm`을 주면 LossScaleOptimizer가 나눈 다음에 잘라 줘.",
         f"You clipped the scaled gradients yourself before passing them on. Scaled gradients are {s:g} times the real "
         f"ones, so clipping to clip_norm {c:g} clips the real gradient to {c / s:.3g}. Clipping must happen **after** "
         "unscaling: give the inner SGD `global_clipnorm=clip_norm` and it clips after the LossScaleOptimizer divides."),
        (tiny[0], [g / s for g in raw], tiny[1], tiny[2]),
        ("bypassed_loss_scale", clip_global(scaled, c),
         "scale된 gradient가 나눠지지 않은 채 clip되고 적용됐어. `optimizer.inner_optimizer`에 직접 넘기면 LossScaleOptimizer의 "
         "나누기와 overflow 확인을 건너뛰어. `optimizer.apply_gradients(...)`에 넘겨.",
         "The scaled gradients were clipped and applied without being divided. Handing them to "
         "`optimizer.inner_optimizer` directly skips the LossScaleOptimizer's division and overflow check. Pass them "
         "to `optimizer.apply_gradients(...)`."),
        ("per_variable_clipnorm", clip_each(raw, c),
         "gradient가 variable마다 따로 clip됐어. Keras 3의 `clipnorm`은 variable별이야. 모든 variable을 함께 자르려면 "
         "안쪽 SGD에 `global_clipnorm=clip_norm`을 줘." if inner.get("clipnorm") else
         "gradient가 tensor마다 따로 clip됐어. 과제는 모든 variable을 함께 자르는 global norm clip이야: `global_clipnorm`.",
         "The gradients were clipped per variable. Keras 3's `clipnorm` works per variable; to clip all of them together, "
         "give the inner SGD `global_clipnorm=clip_norm`." if inner.get("clipnorm") else
         "The gradients were clipped tensor by tensor. The task is a global-norm clip of all variables together: "
         "`global_clipnorm`."),
        ("not_clipped", raw,
         f"unscale은 맞게 됐는데 clip이 안 됐어: 진짜 norm {global_norm(raw):.4g}이 clip_norm {c:g}보다 큰데 그대로 적용됐어. "
         "안쪽 SGD에 `global_clipnorm=clip_norm`을 줘.",
         f"The unscaling worked but nothing was clipped: the real norm {global_norm(raw):.4g} is above clip_norm {c:g}, "
         "yet it was applied as it is. Give the inner SGD `global_clipnorm=clip_norm`."),
    ]
    want = clip_global(raw, c)
    for diag, alt, ko, en in known:
        if not _near(alt, want, lr, 2e-2) and _near(got, alt, lr, 2e-2):
            raise Incorrect(diag, ko, en=en)
    ratio = global_norm(got) / max(global_norm(want), 1e-30)
    raise Incorrect(
        "wrong_update",
        f"weight가 움직인 양이 기대와 달라: weight 변화를 lr로 나눠 보면 norm {global_norm(got):.4g}인 gradient가 적용됐는데, "
        f"기대한 건 norm {global_norm(want):.4g}인 clip된 진짜 gradient야 ({ratio:.3g}배). scale_loss → scale된 gradient → "
        "`apply_gradients`에 그대로, clip은 안쪽 SGD의 `global_clipnorm`.",
        en=f"The weights moved by the wrong amount: divided by lr, their change is a gradient of norm "
           f"{global_norm(got):.4g}, but the expected clipped real gradient has norm {global_norm(want):.4g} "
           f"({ratio:.3g} times). scale_loss → scaled gradients → straight into `apply_gradients`, clipping by the inner "
           "SGD's `global_clipnorm`.",
        generic=True, evidence=Evidence(got, want, "적용된 gradient", "the gradient applied",
                                        context={"raw": raw, "clip_norm": c}))


def _moved(obs, lr):
    return [(np.asarray(b, np.float64) - np.asarray(a, np.float64)) / lr for b, a in zip(obs["before"], obs["after"])]


@check("유한한 step: unscale한 뒤 global norm으로 clip한 gradient가 적용된다", points=2,
       en="finite step: the gradients are applied unscaled, then clipped by global norm")
def finite_step(t):
    if _overflowed(t):
        return
    _no_optimizer(t)
    lr, c, s = float(t.case["lr"]), float(t.case["clip_norm"]), float(t.case["loss_scale"])
    if not all(_finite(a) for a in t.got["after"]):
        raise Incorrect("weights_not_finite", "유한한 step인데 weight에 inf나 nan이 생겼어.",
                        en="A finite step left inf or nan in the weights.")
    got = _moved(t.got, lr)
    if global_norm(got) == 0.0:
        raise Incorrect(
            "no_update",
            "gradient가 유한한 step인데 weight가 하나도 안 움직였어. scale된 gradient를 "
            "`optimizer.apply_gradients(zip(grads, model.trainable_variables))`로 넘겼는지 봐.",
            en="The gradients were finite, yet no weight moved. Check that you pass the scaled gradients to "
               "`optimizer.apply_gradients(zip(grads, model.trainable_variables))`.")
    raw = [np.asarray(g, np.float64) for g in t.want["raw"]]
    if not _near(got, clip_global(raw, c), lr, 2e-3):
        _explain_step(t, got, raw, c, s, lr)


@check("넘친 step은 건너뛰고 loss scale을 반으로 줄인다", points=2,
       en="an overflowing step is skipped and the loss scale halved")
def overflow_skipped(t):
    if not _overflowed(t):
        return
    _no_optimizer(t)
    s = float(t.case["loss_scale"])
    changed = any(not np.array_equal(np.asarray(b), np.asarray(a)) for b, a in zip(t.got["before"], t.got["after"]))
    if changed and _finite(t.got["norm"]) and all(_finite(a) for a in t.got["after"]):
        # The learner's own gradients never overflowed: the loss was not scaled (or not by a LossScaleOptimizer).
        if t.got["kind"] != "LossScaleOptimizer":
            raise Incorrect(
                "not_loss_scale_optimizer",
                f"scale {s:g}로 scale하면 이 step의 float16 gradient는 넘치는데, loss scaling 없이 계산해서 넘치지 않았고 update도 "
                "적용됐어. LossScaleOptimizer로 감싸야 scale이 이 step을 건너뛰고 줄어들어.",
                en=f"Scaled by {s:g}, this step's float16 gradients overflow; computed without loss scaling they did not, "
                   "and the update was applied. Wrap the optimizer in a LossScaleOptimizer so it skips such a step and "
                   "lowers the scale.")
        raise Incorrect(
            "loss_not_scaled",
            f"scale {s:g}로 scale하면 이 step의 float16 gradient는 넘치는데, 네 gradient는 유한했고 update가 적용됐어. "
            "`optimizer.scale_loss(loss)`를 거치지 않은 loss로 gradient를 구한 것 같아.",
            en=f"Scaled by {s:g}, this step's float16 gradients overflow, yet yours stayed finite and the update was "
               "applied. It looks like the gradients came from a loss that never went through `optimizer.scale_loss(loss)`.")
    if changed:
        raise Incorrect(
            "applied_overflow",
            "float16이 넘친 step인데 weight가 바뀌었어. LossScaleOptimizer의 `apply_gradients`를 거치면 이런 step은 "
            "update 없이 건너뛰어. `optimizer.inner_optimizer`에 직접 넘기거나 loss scaling을 빼면 그 보호가 사라져.",
            en="float16 overflowed in this step, yet the weights changed. Through the LossScaleOptimizer's "
               "`apply_gradients`, such a step is skipped without an update; handing the gradients to "
               "`optimizer.inner_optimizer` directly, or dropping loss scaling, loses that protection.")
    after = t.got["scale_after"]
    if after is not None and not np.isclose(after, s / 2):
        raise Incorrect(
            "scale_not_lowered",
            f"넘친 step 뒤에 loss scale이 {after:g}야 ({s:g}의 절반 {s / 2:g}이어야 해). gradient를 `apply_gradients`에 "
            "넘기지 않고 건너뛰면 LossScaleOptimizer가 scale을 줄일 기회가 없어. 넘쳤든 아니든 scale된 gradient를 넘겨.",
            en=f"After the overflowing step the loss scale is {after:g} (it should be half of {s:g}, {s / 2:g}). If you "
               "skip `apply_gradients` yourself, the LossScaleOptimizer never gets to lower the scale. Pass the scaled "
               "gradients whether or not they overflowed.")


@check("진짜 gradient의 clip 전 global norm을 돌려준다", points=1,
       en="returns the pre-clip global norm of the real gradients")
def returned_norm(t):
    _no_optimizer(t)
    if t.got["norm"] is None or np.size(t.got["norm"]) != 1:
        raise Incorrect("wrong_return", f"norm(scalar)을 return해야 하는데 {t.got['returned']}을(를) 받았어.",
                        en=f"Return the norm (a scalar); got {t.got['returned']}.")
    got = float(np.asarray(t.got["norm"], np.float64).ravel()[0])
    s, c = float(t.case["loss_scale"]), float(t.case["clip_norm"])
    if _overflowed(t):
        if np.isfinite(got):
            raise Incorrect(
                "norm_finite_on_overflow",
                f"이 step은 scale하면 float16이 넘쳐서 norm이 inf나 nan이어야 하는데, 유한한 값 {got:.4g}을 돌려줬어. "
                "norm은 `optimizer.scale_loss`로 scale한 loss의 gradient에서 재고 `dynamic_scale`로 나눠.",
                en=f"Scaled, this step overflows float16, so the norm must be inf or nan; you returned the finite "
                   f"{got:.4g}. Measure the norm on the gradients of the loss scaled by `optimizer.scale_loss`, divided by "
                   "`dynamic_scale`.")
        return
    want = float(np.asarray(t.want["norm"], np.float64).ravel()[0])
    if np.isclose(got, want, rtol=2e-3):
        return
    if np.isclose(got, want * s, rtol=2e-3):
        raise Incorrect(
            "norm_scaled",
            f"돌려준 norm {got:.4g}은 scale된 gradient의 norm이야 (진짜의 {s:g}배). `optimizer.dynamic_scale`로 나눠서 "
            f"진짜 norm {want:.4g}을 돌려줘.",
            en=f"The norm you returned, {got:.4g}, is the scaled gradients' norm ({s:g} times the real one). Divide by "
               f"`optimizer.dynamic_scale` and return the real norm, {want:.4g}.")
    if np.isclose(got, want / s, rtol=2e-3):
        raise Incorrect(
            "norm_unscaled_twice",
            f"돌려준 norm {got:.4g}은 진짜 norm {want:.4g}을 scale로 한 번 더 나눈 값이야. 나누기는 한 번만.",
            en=f"The norm you returned, {got:.4g}, is the real norm {want:.4g} divided by the scale once more. Divide once.")
    if want > c and np.isclose(got, c, rtol=2e-3):
        raise Incorrect("norm_after_clip", f"clip **뒤의** norm({c:g})을 돌려줬어. clip **전** norm {want:.4g}이야.",
                        en=f"You returned the norm **after** clipping ({c:g}); the pre-clip norm is {want:.4g}.")
    raise Incorrect("wrong_norm", f"돌려준 norm이 {got:.4g}인데 기대는 {want:.4g}야.",
                    en=f"You returned norm {got:.4g}; expected {want:.4g}.")
