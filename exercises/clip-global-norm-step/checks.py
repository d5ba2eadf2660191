"""Hidden cases and checks for clip-global-norm-step: clip all gradients together, apply, return the pre-clip norm."""
import numpy as np

from grader import analysis
from grader.api import Incorrect, Transformation, all_close, check, clip_each, clip_global, expect_effect, global_norm

FAMILIES = ["clipping", "norm"]  # the update itself is checked against "steps" explicitly, in its own call

# model.trainable_weights of the probe's model, in order.
NAMES = ["hidden/kernel", "hidden/bias", "head/kernel", "head/bias"]
SHAPES = [(3, 4), (4,), (4, 1), (1,)]


def _raw_grads(x, y, weights):
    """The numpy twin of the probe's model (Dense 4 tanh -> Dense 1) and MSE gradients, to size clip_norm."""
    k1, b1, k2, b2 = (np.asarray(w, dtype=np.float64) for w in weights)
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    h = np.tanh(x @ k1 + b1)
    out = h @ k2 + b2
    d_out = 2.0 * (out - y) / out.size
    d_pre = (d_out @ k2.T) * (1.0 - h * h)
    return [x.T @ d_pre, d_pre.sum(axis=0), h.T @ d_out, d_out.sum(axis=0)]


def cases(rng):
    # Two steps where clipping must act (clip_norm well under the norm) and one where it must not.
    ratios = [float(rng.uniform(0.15, 0.6)) for _ in range(2)] + [float(rng.uniform(1.5, 2.5))]
    out = []
    for ratio in ratios:
        batch = int(rng.integers(6, 11))
        x = rng.normal(size=(batch, 3)).astype(np.float32)
        y = (float(rng.uniform(3.0, 8.0)) * (x @ rng.normal(size=(3, 1)))).astype(np.float32)
        weights = [(0.6 * rng.normal(size=s)).astype(np.float32) for s in SHAPES]
        norm = global_norm(_raw_grads(x, y, weights))
        out.append({"seed": int(rng.integers(0, 2**31 - 1)), "x": x, "y": y, "weights": weights,
                    "lr": float(np.round(rng.uniform(0.05, 0.2), 3)),
                    "clip_norm": float(np.round(norm * ratio, 4))})
    return out


def _changed(obs):
    return any(not np.array_equal(np.asarray(b), np.asarray(a)) for b, a in zip(obs["before"], obs["after"]))


def _pair_to_optimizer(t):
    """The learner handed tf.clip_by_global_norm's (list, norm) pair to the optimizer as if it were the list."""
    calls = t.got["calls"]
    err = (t.got["apply_error"] or "an error").split(":")[0]
    if t.got["apply_error"] or any(isinstance(e, str) for call in calls for e in call):
        raise Incorrect(
            "forgot_pair",
            "optimizer가 받은 gradient 자리에 tensor 대신 리스트가 들어왔어. `tf.clip_by_global_norm`은 "
            "`(clip된 gradient 리스트, clip 전 global norm)` **두 개짜리 tuple**을 돌려줘. 그걸 통째로 "
            "`zip(..., model.trainable_weights)`에 넣으면 첫 번째 weight에는 리스트 전체가, 두 번째 weight에는 "
            "norm이 짝지어져서 optimizer가 " + err + "를 냈어. "
            "`clipped, global_norm = tf.clip_by_global_norm(grads, clip_norm)`처럼 두 개로 풀어서 `clipped`만 "
            "`apply_gradients`에 넘겨 줘.",
            en="The optimizer received a list where a gradient tensor should be. `tf.clip_by_global_norm` returns a "
               "**tuple of two**: `(clipped gradient list, global norm before clipping)`. Zipping that tuple with "
               "`model.trainable_weights` pairs the whole list with the first weight and the norm with the second "
               "(the optimizer raised " + err + "). Unpack it, "
               "`clipped, global_norm = tf.clip_by_global_norm(grads, clip_norm)`, and pass only `clipped` to "
               "`apply_gradients`.")


def _no_apply(t):
    if t.got["calls"]:
        return
    if not _changed(t.got):
        raise Incorrect(
            "forgot_apply",
            "step이 끝났는데 weight가 하나도 안 바뀌었고 optimizer도 쓰이지 않았어. 기대한 건 clip된 gradient가 "
            "`optimizer.apply_gradients(zip(clipped, model.trainable_weights))`로 한 번 적용되는 거야.",
            en="After the step no weight changed and the optimizer was never used. Expected the clipped gradients "
               "to be applied once with `optimizer.apply_gradients(zip(clipped, model.trainable_weights))`.")
    raise Incorrect(
        "manual_update",
        "weight는 바뀌었는데 optimizer는 한 번도 안 불렸어. weight를 직접 `assign_sub` 한 것 같아. "
        "이 과제는 clip한 gradient를 `optimizer.apply_gradients`에 넘기는 연습이야.",
        en="The weights changed but the optimizer was never called; it looks like you updated them yourself "
           "with `assign_sub`. This exercise practises handing the clipped gradients to "
           "`optimizer.apply_gradients`.")


def _applied(t):
    """The gradients that moved the weights: the optimizer is plain SGD, so g = (before - after) / lr.

    This is the effect, whatever the route: tf.clip_by_global_norm before apply_gradients, or the optimizer's
    own global_clipnorm (whose apply receives the raw gradients and clips them inside).
    """
    lr = float(t.case["lr"])
    return [(np.asarray(b, dtype=np.float64) - np.asarray(a, dtype=np.float64)) / lr
            for b, a in zip(t.got["before"], t.got["after"])]




TRANSFORMATIONS = [
    Transformation(
        "clipped_twice", "norm",
        "{what} {got}은(는) tensor마다 먼저 자른 **뒤**에 잰 global norm이야 (기대 {want}). `tf.clip_by_global_norm`이 "
        "돌려주는 norm은 그 함수에 넣은 리스트의 norm이라서, 미리 잘라서 넣으면 clip 전 norm이 아니게 돼. 원래 gradient를 "
        "그대로 넣어.",
        "{what_en} {got} is the global norm measured **after** clipping each tensor first (expected {want}). The norm "
        "`tf.clip_by_global_norm` returns is that of the list you hand it, so clipping beforehand means it is no longer "
        "the pre-clip norm. Pass the original gradients.",
        needs=("tensors", "clip_norm"),
        make=lambda ctx: global_norm(clip_each(ctx["tensors"], float(ctx["clip_norm"])))),
]


def regions(case):
    """Clipping acts (the global norm is above clip_norm) or is a no-op (below it)."""
    n = global_norm(_raw_grads(case["x"], case["y"], case["weights"]))
    return {"clipping" if n > case["clip_norm"] else "no-op"}

def _after_first(check, t, what, what_en):
    """A shared precondition: the first check explains it in full, a later one only points there (one message per
    cause, not the same text twice in one verdict)."""
    try:
        return check(t)
    except Incorrect as exc:
        raise Incorrect(exc.diagnosis, f"{what}도 확인할 수 없어: 원인은 위 검사의 진단과 같아. 그것부터 고쳐 봐.",
                        en=f"{what_en} cannot be checked either: the cause is the one named by the check above. "
                           "Fix that first.") from None


@check("gradient 전체를 global norm 기준으로 clip해서 적용했다", points=3,
       en="all gradients are clipped together by their global norm, then applied")
def clipped_by_global_norm(t):
    _pair_to_optimizer(t)
    _no_apply(t)
    raw = t.want["raw"]
    c = float(t.case["clip_norm"])
    want = clip_global(raw, c)
    calls = t.got["calls"]
    if calls and len(calls[-1]) == len(raw) and all_close(calls[-1], want, rtol=1e-4, atol=1e-6):
        return  # the last apply got the clipped gradients (a second apply is applied_once's to report)
    if calls and (len(calls[-1]) != len(raw) or any(g is None for g in calls[-1])):
        got = calls[-1]
        raise Incorrect(
            "wrong_variables",
            f"optimizer가 gradient {len(raw)}개({', '.join(NAMES)})를 받아야 하는데 "
            f"{len(got)}개(None {sum(g is None for g in got)}개 포함)를 받았어. `model.trainable_weights` 전체의 "
            "gradient를 clip해서 같은 순서로 넘겨 줘.",
            en=f"The optimizer should get {len(raw)} gradients ({', '.join(NAMES)}); it got {len(got)} "
               f"(including {sum(g is None for g in got)} None). Clip the gradients of all of "
               "`model.trainable_weights` and pass them in the same order.")
    applied = _applied(t)
    if all_close(applied, want, rtol=2e-4, atol=2e-5):
        return  # e.g. optimizer.global_clipnorm: the weights moved exactly by the clipped gradients
    what, what_en = "weight를 움직인 gradient", "the gradients that moved the weights"
    ctx = {"raw": raw, "clip_norm": c, "names": NAMES}
    finding = analysis.diagnose(applied, want, context=ctx, families=["clipping"], static=t.static,
                                what=what, what_en=what_en, rtol=2e-4, atol=2e-5)
    if finding is None:
        # not a clipping mistake: maybe the update itself (learning rate applied twice, ascent, ...)
        lr = float(t.case["lr"])
        before = t.got["before"]
        want_after = [np.asarray(b, dtype=np.float64) - lr * w for b, w in zip(before, want)]
        finding = analysis.diagnose(t.got["after"], want_after, context={"before": before, "lr": lr, "names": NAMES},
                                    families=["steps"], static=t.static, what="step 후 weight",
                                    what_en="the weights after the step", rtol=2e-4, atol=2e-6)
    if finding is not None:
        raise Incorrect(finding.id, finding.ko, en=finding.en)
    norm = global_norm(raw)
    expect_effect(applied, want, what=what, what_en=what_en, context=ctx, families=[], names=NAMES,
                  diagnosis="wrong_clip", rtol=2e-4, atol=2e-5)
    raise Incorrect(  # expect_effect only returns on a match, which all_close ruled out; kept for safety
        "wrong_clip",
        f"weight를 움직인 gradient가 global clipping 결과와 달라. clip 전 global norm {norm:.4g}, clip_norm {c:g}.",
        en=f"The gradients that moved the weights differ from global clipping. Pre-clip norm {norm:.4g}, clip_norm {c:g}.")


@check("clip 전 global norm을 return했다", points=2, en="the global norm before clipping is returned")
def returned_pre_clip_norm(t):
    _after_first(_pair_to_optimizer, t, "return한 norm", "The returned norm")
    want = float(np.ravel(np.asarray(t.want["norm"], dtype=np.float64))[0])
    if t.got["pair"]:
        raise Incorrect(
            "returned_pair",
            f"`tf.clip_by_global_norm`이 돌려준 두 개짜리 tuple을 통째로 return했어 ({t.got['returned']}). "
            f"기대한 건 clip 전 global norm 숫자 하나 (이번 case에서는 {want:.6g})야. "
            "`clipped, global_norm = tf.clip_by_global_norm(...)`으로 풀고 `return global_norm` 해 줘.",
            en=f"You returned the whole two-item tuple from `tf.clip_by_global_norm` ({t.got['returned']}). "
               f"Expected one number, the global norm before clipping ({want:.6g} in this case). Unpack it with "
               "`clipped, global_norm = tf.clip_by_global_norm(...)` and `return global_norm`.")
    got = t.got["norm"]
    if got is None:
        raise Incorrect(
            "returned_none" if t.got["returned"] == "NoneType" else "wrong_type",
            f"clip 전 global norm(scalar)을 return해야 하는데 {t.got['returned']}을(를) 받았어. "
            "함수 마지막에 `return global_norm`이 있는지 봐.",
            en=f"Return the global norm before clipping (a scalar); got {t.got['returned']}. Check that the "
               "function ends with `return global_norm`.")
    got = np.asarray(got, dtype=np.float64)
    if got.size != 1:
        raise Incorrect(
            "norm_per_tensor" if got.size == len(NAMES) else "wrong_shape",
            f"global norm은 숫자 하나여야 하는데 shape {got.shape}인 값을 받았어. tensor별 norm이 아니라 "
            "전체를 합친 norm 하나를 return해.",
            en=f"The global norm is a single number; got shape {got.shape}. Return one norm over all gradients, "
               "not one per tensor.")
    expect_effect(float(got.ravel()[0]), want, what="return한 global norm", what_en="the returned global norm",
                  context={"tensors": t.want["raw"], "clip_norm": float(t.case["clip_norm"]), "names": NAMES},
                  families=["norm"], diagnosis="wrong_norm")


@check("optimizer.apply_gradients를 한 번 불렀다", points=1, en="optimizer.apply_gradients is called once")
def applied_once(t):
    _after_first(lambda t: (_pair_to_optimizer(t), _no_apply(t)), t, "optimizer 호출 횟수", "The number of optimizer calls")
    n = len(t.got["calls"])
    if n > 1:
        raise Incorrect(
            "applied_twice",
            f"optimizer가 {n}번 적용됐어. 기대한 건 clip한 gradient로 한 번만 적용하는 거야. clip 전 gradient를 "
            "먼저 적용하고 또 적용하고 있진 않은지 봐.",
            en=f"The optimizer was applied {n} times. Expected a single apply with the clipped gradients. Check "
               "that you are not applying the unclipped gradients as well.")


def charts(t):
    raw = t.want["raw"]
    c = float(t.case["clip_norm"])
    groups = NAMES + ["global"]

    def with_global(tensors):
        return [float(np.linalg.norm(np.asarray(g, dtype=np.float64))) for g in tensors] + [global_norm(tensors)]

    rows = [{"group": n, "series": "clip 전 / before", "value": v} for n, v in zip(groups, with_global(raw))]
    rows += [{"group": n, "series": "clip 후 (정답) / after (reference)", "value": v}
             for n, v in zip(groups, with_global(clip_global(raw, c)))]
    got = t.got if isinstance(t.got, dict) else {}
    if got.get("before") is not None and got.get("after") is not None:
        rows += [{"group": n, "series": "내 코드 / yours", "value": v} for n, v in zip(groups, with_global(_applied(t)))]
    return [{"kind": "grouped_bars",
             "title": "변수별 gradient norm: clip 전과 후 (global clipping은 모두 같은 비율로 줄여)",
             "title_en": "Gradient norm per variable before and after clipping (global clipping shrinks all by one factor)",
             "rows": rows, "rule": c, "rule_label": "clip_norm"}]
