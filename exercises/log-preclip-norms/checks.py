"""Hidden cases and checks for log-preclip-norms: a custom loop that logs every step's pre-clip global norm,
clips by global norm, and skips the steps whose norm is nan/inf."""
import numpy as np

from grader.api import Evidence, Incorrect, check, clip_each, clip_global, global_norm

# The per-step update and the logged norm are compared with the shared analysis's clipping and norm families
# as a second opinion when this exercise's own alternatives (below) do not match.
FAMILIES = ["clipping", "norm", "sign"]

SHAPES = [(3, 4), (4,), (4, 1), (1,)]
NAMES = ["hidden/kernel", "hidden/bias", "head/kernel", "head/bias"]
STEPS = 4


def _grads(weights, x, y):
    """The numpy twin of the probe's model (Dense 4 tanh -> Dense 1) and its MSE gradients."""
    k1, b1, k2, b2 = (np.asarray(w, dtype=np.float64) for w in weights)
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    h = np.tanh(x @ k1 + b1)
    out = h @ k2 + b2
    d_out = 2.0 * (out - y) / out.size
    d_pre = (d_out @ k2.T) * (1.0 - h * h)
    return [x.T @ d_pre, d_pre.sum(axis=0), h.T @ d_out, d_out.sum(axis=0)]


def _simulate(weights, xs, ys, lr, c):
    """Pre-clip norms of the reference loop (nan steps skipped), to size clip_norm for each region."""
    w = [np.asarray(a, dtype=np.float64) for a in weights]
    norms = []
    for x, y in zip(xs, ys):
        g = _grads(w, x, y)
        n = global_norm(g)
        norms.append(n)
        if np.isfinite(n):
            step = g if c is None else clip_global(g, c)
            w = [a - lr * b for a, b in zip(w, step)]
    return np.array(norms)


def cases(rng):
    """A mix of clipped and unclipped steps, one where nothing may be clipped, and one with a label spike and a
    nan step in the middle (logged, not applied)."""
    out = []
    for kind in ("mixed", "all_below", "spike_and_nan"):
        weights = [(0.6 * rng.normal(size=s)).astype(np.float32) for s in SHAPES]
        xs, ys = [], []
        for i in range(STEPS):
            batch = int(rng.integers(6, 11))
            x = rng.normal(size=(batch, 3))
            scale = float(rng.uniform(3.0, 8.0)) if (kind != "mixed" or i % 2 == 0) else float(rng.uniform(0.05, 0.3))
            y = scale * (x @ rng.normal(size=(3, 1)))
            if kind == "spike_and_nan" and i == 1:
                y = 30.0 * y
            if kind == "spike_and_nan" and i == 2:
                y[int(rng.integers(0, batch))] = np.nan
            xs.append(x.astype(np.float32))
            ys.append(y.astype(np.float32))
        lr = float(np.round(rng.uniform(0.05, 0.15), 3))
        free = _simulate(weights, xs, ys, lr, None)
        finite = free[np.isfinite(free)]
        if kind == "all_below":
            c = float(np.max(finite) * rng.uniform(1.5, 2.5))
        elif kind == "mixed":
            # Between the small-target steps and the large-target steps, so both regions are met.
            c = float(np.sqrt(np.max(free[1::2]) * np.min(free[0::2])))
        else:
            c = float(np.median(finite) * rng.uniform(0.4, 0.7))
        out.append({"kind": kind, "seed": int(rng.integers(0, 2**31 - 1)), "weights": weights, "xs": xs, "ys": ys,
                    "lr": lr, "clip_norm": float(np.round(c, 4))})
    return out


def regions(case):
    norms = _simulate(case["weights"], case["xs"], case["ys"], case["lr"], case["clip_norm"])
    c = case["clip_norm"]
    out = set()
    if np.any(norms > c):
        out.add("clipping")
    if np.any(norms[np.isfinite(norms)] <= c):
        out.add("no-op (norm <= clip_norm)")
    if not np.all(np.isfinite(norms)):
        out.add("nan step (skipped)")
    return out


def _close(a, b, rtol=1e-4, atol=1e-6):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))


def _all_close(got, want):
    """Two lists of gradient tensors (shapes differ between entries) match entry by entry."""
    return len(got) == len(want) and all(g is not None and _close(g, w) for g, w in zip(got, want))


def _fmt(values):
    return "[" + ", ".join("nan" if np.isnan(v) else ("inf" if np.isinf(v) else f"{v:.4g}") for v in values) + "]"


def _want_norms(t):
    return np.asarray(t.want["norms"], dtype=np.float64)


def _weights_match(t):
    return all(_close(g, w) for g, w in zip(t.got["after"], t.want["after"]))


def _learner_calls_at_finite_steps(t):
    """The learner's eager optimizer calls lined up with the reference's (one per finite step), or None."""
    calls, want = t.got["calls"], _want_norms(t)
    finite = np.flatnonzero(np.isfinite(want))
    if t.got["traced"] or not calls:
        return None
    if len(calls) == len(finite):
        return calls
    if len(calls) == len(want):
        # Every step was applied, nan ones included: after the first nan update every call is nan, so only the
        # calls before it can be compared (the nan-step check names that cause).
        first_bad = int(np.flatnonzero(~np.isfinite(want))[0]) if (~np.isfinite(want)).any() else len(want)
        return [calls[i] for i in finite if i < first_bad]
    return None


def _step0_context(t):
    """The unclipped gradients of step 0 (the reference's first update, unclipped again), for the norm family."""
    want, c = _want_norms(t), float(t.case["clip_norm"])
    calls = t.want["calls"]
    if not calls or not np.isfinite(want[0]):
        return {}
    raw = [np.asarray(r, dtype=np.float64) * max(1.0, want[0] / c) for r in calls[0]]
    return {"tensors": raw, "clip_norm": c, "names": NAMES}


@check("매 step clip 전 norm을 기록했다 (nan/inf step도)", points=2,
       en="every step's pre-clip norm is logged (nan/inf steps too)")
def logged_norms(t):
    c = float(t.case["clip_norm"])
    want = _want_norms(t)
    if t.got["symbolic"]:
        raise Incorrect(
            "symbolic_log",
            "돌려준 리스트에 숫자가 아니라 `SymbolicTensor`가 들어 있어. `@tf.function` 안에서 Python list에 "
            "`append`하면 trace할 때 **한 번만** 실행되고, 들어가는 건 graph의 symbolic tensor야. step 함수가 "
            "norm을 `return`하게 하고, 밖의 loop에서 `float(...)`로 바꿔서 모아.",
            en="The list you returned holds `SymbolicTensor`s, not numbers. An `append` to a Python list inside "
               "`@tf.function` runs **once**, while tracing, and what it stores is a symbolic tensor of the graph. Have "
               "the step function `return` the norm and collect `float(...)` of it in the loop outside.")
    got = t.got["norms"]
    if got is None:
        raise Incorrect(
            "returned_none" if t.got["returned"] == "NoneType" else "wrong_type",
            f"기록한 norm을 1-D 배열(또는 float 리스트)로 return해야 하는데 {t.got['returned']}을(를) 받았어.",
            en=f"Return the logged norms as a 1-D array (or a list of floats); got {t.got['returned']}.")
    got = np.ravel(np.asarray(got, dtype=np.float64))
    finite = np.isfinite(want)
    if got.size != want.size:
        if finite.sum() < want.size and got.size == finite.sum() and _close(got[:1], want[finite][:1]):
            raise Incorrect(
                "dropped_nonfinite",
                f"norm {got.size}개를 돌려줬는데 batch는 {want.size}개야. nan/inf가 나온 step "
                f"{np.flatnonzero(~finite).tolist()}을(를) 기록에서 뺐어. 그 step이야말로 나중에 찾아야 할 순간이니까, "
                "적용은 건너뛰어도 norm은 **그대로 기록**해.",
                en=f"You returned {got.size} norms for {want.size} batches: the nan/inf step(s) "
                   f"{np.flatnonzero(~finite).tolist()} are missing from the log. Those are exactly the moments you will "
                   "look for later: skip applying them, but **log** their norm as it is.")
        loud = ~finite | (want > c)
        if got.size == loud.sum() and got.size < want.size:
            raise Incorrect(
                "logged_only_clipped",
                f"clip된 step(과 nan step)만 기록했어 ({got.size}개, batch는 {want.size}개). threshold를 고르려면 "
                "**평소** step의 norm 분포가 필요해: 모든 step의 norm을 기록해.",
                en=f"You logged only the clipped steps (and nan steps): {got.size} values for {want.size} batches. "
                   "Choosing a threshold needs the distribution of **normal** steps too: log every step's norm.")
        raise Incorrect(
            "wrong_length",
            f"batch {want.size}개에 norm도 {want.size}개여야 하는데 {got.size}개를 받았어. batch마다 정확히 하나씩 기록해.",
            en=f"{want.size} batches need {want.size} norms; got {got.size}. Log exactly one per batch.")
    if _close(got, want):
        return
    # Step 0 comes before any update, so it is judged whatever the learner's updates did.
    if want[0] > c and _close(got[0], c):
        raise Incorrect(
            "norm_after_clip",
            f"step 0의 기록이 {got[0]:.4g}로 clip_norm과 같아: clip **후** norm을 기록했어. 기대한 건 clip **전** norm "
            f"{want[0]:.4g}야. clip 후 norm은 언제나 clip_norm 이하라서 폭주가 얼마나 컸는지 안 보여. "
            "`tf.clip_by_global_norm`이 두 번째로 돌려주는 값을 기록해.",
            en=f"Step 0 is logged as {got[0]:.4g}, equal to clip_norm: you logged the norm **after** clipping. Expected "
               f"the pre-clip norm {want[0]:.4g}. A post-clip norm is always at most clip_norm and hides how large the "
               "explosion was. Log the second value `tf.clip_by_global_norm` returns.")
    if _close(got[0], want[0] ** 2):
        raise Incorrect(
            "squared_norm",
            f"step 0의 기록 {got[0]:.4g}는 global norm {want[0]:.4g}의 제곱이야. 제곱합에 `tf.sqrt`를 씌워.",
            en=f"Step 0's logged {got[0]:.4g} is the square of the global norm {want[0]:.4g}. Take `tf.sqrt` of the sum "
               "of squares.")
    if not _close(got[0], want[0]):
        raise Incorrect(
            "wrong_norm",
            f"step 0의 clip 전 global norm이 달라: 기대 {want[0]:.6g}, 받은 값 {got[0]:.6g}. 모든 trainable weight의 "
            "gradient를 합친 `sqrt(Σ‖g‖²)`을 clip 전에 재.",
            en=f"Step 0's pre-clip global norm differs: expected {want[0]:.6g}, got {got[0]:.6g}. It is "
               "`sqrt(Σ‖g‖²)` over the gradients of all trainable weights, measured before clipping.",
            generic=True, evidence=Evidence(float(got[0]), float(want[0]), "step 0의 clip 전 norm",
                                            "step 0's pre-clip norm", context=_step0_context(t)))
    if not _weights_match(t):
        return  # later norms follow the learner's own (wrong) updates; the update check names that cause
    i = int(np.flatnonzero(~np.isclose(got, want, rtol=1e-4, atol=1e-6, equal_nan=True))[0])
    raise Incorrect(
        "wrong_norm",
        f"step {i}의 기록이 달라: 기대 {want[i]:.6g}, 받은 값 {got[i]:.6g} (받은 기록 {_fmt(got)}, 기대 {_fmt(want)}).",
        en=f"Step {i} is logged differently: expected {want[i]:.6g}, got {got[i]:.6g} (your log {_fmt(got)}, expected "
           f"{_fmt(want)}).")


@check("유한한 step은 global norm으로 clip해서 적용했다", points=3,
       en="finite steps are clipped by global norm, then applied")
def clipped_updates(t):
    if _weights_match(t):
        return
    c = float(t.case["clip_norm"])
    want = _want_norms(t)
    finite = np.flatnonzero(np.isfinite(want))
    if t.got["iterations"] == 0:
        raise Incorrect(
            "forgot_apply",
            "optimizer가 한 번도 적용되지 않았어. 유한한 step마다 clip한 gradient를 "
            "`optimizer.apply_gradients(zip(clipped, model.trainable_weights))`로 적용해.",
            en="The optimizer was never applied. On every finite step apply the clipped gradients with "
               "`optimizer.apply_gradients(zip(clipped, model.trainable_weights))`.")
    mine = _learner_calls_at_finite_steps(t)
    if mine is None:
        if any(not np.all(np.isfinite(w)) for w in t.got["after"]):
            raise Incorrect(
                "applied_nonfinite",
                "학습이 끝난 weight에 nan이 들어 있어서 각 update를 비교할 수 없었어. nan step을 적용한 게 원인이야 "
                "(아래 항목).",
                en="The weights after training contain nan, so the updates could not be compared. Applying the nan "
                   "step is the cause (see the item below).")
        raise Incorrect(
            "wrong_update",
            "학습이 끝난 weight가 기대와 달라. 유한한 step마다 `tf.clip_by_global_norm(grads, clip_norm)`의 첫 번째 "
            "값을 한 번씩 적용했는지 봐.",
            en="The weights after training differ from the expected ones. Check that each finite step applies the "
               "first value of `tf.clip_by_global_norm(grads, clip_norm)`, once.")
    ref = t.want["calls"]
    for k, (got_k, ref_k) in enumerate(zip(mine, ref)):
        if _all_close(got_k, ref_k):
            continue
        step = int(finite[k])
        n = float(want[step])
        raw = [np.asarray(r, dtype=np.float64) * max(1.0, n / c) for r in ref_k]  # undo the reference's clip
        if len(got_k) != len(raw) or any(g is None for g in got_k):
            raise Incorrect(
                "wrong_variables",
                f"step {step}에서 optimizer가 gradient {len(got_k)}개(None 포함)를 받았어. "
                f"`model.trainable_weights` {len(raw)}개({', '.join(NAMES)})의 gradient를 같은 순서로 넘겨.",
                en=f"At step {step} the optimizer got {len(got_k)} gradients (None included). Pass the gradients of the "
                   f"{len(raw)} `model.trainable_weights` ({', '.join(NAMES)}) in the same order.")
        if n > c and _all_close(got_k, raw):
            raise Incorrect(
                "no_clip",
                f"step {step}의 clip 전 norm이 {n:.4g}로 clip_norm {c:g}보다 큰데 gradient를 자르지 않고 그대로 적용했어. "
                "`tf.clip_by_global_norm`은 새 리스트를 **돌려줄** 뿐 grads를 바꾸지 않아: 돌려받은 첫 번째 값을 적용해.",
                en=f"Step {step}'s pre-clip norm {n:.4g} is above clip_norm {c:g}, but you applied the gradients uncut. "
                   "`tf.clip_by_global_norm` **returns** a new list and leaves grads as they are: apply the first value "
                   "it returns.")
        if n > c and _all_close(got_k, clip_each(raw, c)):
            raise Incorrect(
                "per_tensor_clip",
                f"step {step}에서 tensor마다 따로 clip했어 (`tf.clip_by_norm`을 하나씩). clip 전 global norm {n:.4g}, "
                f"clip_norm {c:g}이니까 모든 gradient에 같은 비율 {c / n:.4g}를 곱해야 해. 따로 자르면 tensor 사이의 "
                "비율이 바뀌어서 update 방향이 틀어져. `tf.clip_by_global_norm`으로 한꺼번에 잘라.",
                en=f"At step {step} you clipped each tensor on its own (`tf.clip_by_norm` one by one). With a pre-clip "
                   f"global norm of {n:.4g} and clip_norm {c:g}, every gradient should be multiplied by the same factor "
                   f"{c / n:.4g}. Cutting them separately changes their proportions and turns the update. Clip them "
                   "together with `tf.clip_by_global_norm`.")
        if n < c and _all_close(got_k, [r * (c / n) for r in raw]):
            raise Incorrect(
                "always_scaled",
                f"step {step}의 norm {n:.4g}는 clip_norm {c:g}보다 작은데 gradient를 {c / n:.3g}배로 **키웠어**. "
                "clipping은 넘을 때만 줄이고 아니면 그대로 둬: `min(1, clip_norm / norm)`을 곱하거나 "
                "`tf.clip_by_global_norm`에 맡겨.",
                en=f"Step {step}'s norm {n:.4g} is below clip_norm {c:g}, yet you **scaled the gradients up** by "
                   f"{c / n:.3g}. Clipping only shrinks when the norm is over and otherwise leaves it alone: multiply by "
                   "`min(1, clip_norm / norm)` or let `tf.clip_by_global_norm` do it.")
        if _all_close(got_k, [np.clip(r, -c, c) for r in raw]):
            raise Incorrect(
                "value_clip",
                f"step {step}에서 gradient를 원소마다 `[-{c:g}, {c:g}]`로 잘랐어 (`tf.clip_by_value`). 이 과제는 "
                "global norm clipping이야: 모든 gradient를 같은 비율로 줄여서 방향을 지켜.",
                en=f"At step {step} you cut the gradients element by element to `[-{c:g}, {c:g}]` "
                   "(`tf.clip_by_value`). This task is global-norm clipping: shrink every gradient by one factor and "
                   "keep the direction.")
        raise Incorrect(
            "wrong_update",
            f"step {step}에서 optimizer에 넘긴 gradient가 기대와 달라 (clip 전 norm {n:.4g}, clip_norm {c:g}). norm이 "
            "넘으면 모든 gradient에 clip_norm / norm을 곱하고, 아니면 그대로 적용해.",
            en=f"At step {step} the gradients handed to the optimizer differ (pre-clip norm {n:.4g}, clip_norm {c:g}). "
               "When the norm is over, multiply every gradient by clip_norm / norm; otherwise apply them unchanged.",
            generic=True, evidence=Evidence(got_k, ref_k, f"step {step}에서 적용한 gradient",
                                            f"the gradients applied at step {step}",
                                            context={"raw": raw, "clip_norm": c, "names": NAMES}, names=NAMES))
    if any(not np.all(np.isfinite(w)) for w in t.got["after"]):
        raise Incorrect(
            "applied_nonfinite",
            "유한한 step의 update는 모두 맞아. 그런데 nan step까지 적용해서 weight가 nan이 됐어 (아래 항목).",
            en="Every finite step's update is right, but the nan step was applied too and turned the weights into nan "
               "(see the item below).")


@check("nan/inf step은 적용하지 않고 건너뛰었다", points=1, en="nan/inf steps are skipped, not applied")
def skipped_nonfinite(t):
    want = _want_norms(t)
    finite = int(np.isfinite(want).sum())
    applied = int(t.got["iterations"])
    broken = any(not np.all(np.isfinite(w)) for w in t.got["after"])
    bad = np.flatnonzero(~np.isfinite(want)).tolist()
    if broken or (applied > finite and applied == want.size and bad):
        raise Incorrect(
            "applied_nonfinite",
            f"clip 전 norm이 nan인 step {bad}까지 적용했어. norm이 nan/inf면 `tf.clip_by_global_norm`이 돌려주는 "
            "gradient도 전부 nan이라, 한 번만 적용해도 weight 전체가 nan이 돼. `np.isfinite(norm)`이 False면 "
            "`apply_gradients`를 건너뛰어.",
            en=f"You applied the step(s) {bad} whose pre-clip norm is nan. With a nan/inf norm every gradient "
               "`tf.clip_by_global_norm` returns is nan too, and a single apply turns all weights into nan. Skip "
               "`apply_gradients` when `np.isfinite(norm)` is False.")
    if applied > finite:
        raise Incorrect(
            "applied_twice",
            f"optimizer가 {applied}번 적용됐어. 유한한 step {finite}개에 한 번씩, 모두 {finite}번이어야 해.",
            en=f"The optimizer was applied {applied} times. Expected once per finite step: {finite} in all.")
    if 0 < applied < finite:
        after_bad = bad and applied == bad[0]
        raise Incorrect(
            "stopped_at_nonfinite" if after_bad else "skipped_steps",
            (f"nan step {bad[0]}에서 학습을 멈췄어 (`break`?). 그 step만 건너뛰고 다음 batch는 계속 학습해: `continue`."
             if after_bad else
             f"optimizer가 {applied}번만 적용됐어. 유한한 step {finite}개는 모두 적용해야 해."),
            en=(f"Training stopped at the nan step {bad[0]} (a `break`?). Skip that step only and keep training on the "
                "next batches: `continue`." if after_bad else
                f"The optimizer was applied only {applied} times; all {finite} finite steps must be applied."))


def charts(t):
    want = _want_norms(t)
    c = float(t.case["clip_norm"])
    rows = [{"group": str(i), "series": "정답 / reference", "value": float(v)} for i, v in enumerate(want)
            if np.isfinite(v)]
    got = t.got.get("norms") if isinstance(t.got, dict) else None
    if got is not None and np.size(got) == want.size:
        rows += [{"group": str(i), "series": "내 기록 / your log", "value": float(v)}
                 for i, v in enumerate(np.ravel(got)) if np.isfinite(v)]
    return [{"kind": "grouped_bars",
             "title": "step별 clip 전 global norm (가로선: clip_norm, nan step은 생략)",
             "title_en": "Pre-clip global norm per step (line: clip_norm; nan steps left out)",
             "rows": rows, "rule": c, "rule_label": "clip_norm"}]
