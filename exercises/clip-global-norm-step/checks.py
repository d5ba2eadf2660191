"""Hidden cases and checks for clip-global-norm-step: clip all gradients together, apply, return the pre-clip norm."""
import numpy as np

from grader.api import Incorrect, all_close, check, clip_each, clip_global, expect_close, global_norm, uses

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


def _norms(tensors):
    return ", ".join(f"{float(np.linalg.norm(np.asarray(g, dtype=np.float64))):.3g}" for g in tensors)


def _value_clip(c):
    return Incorrect(
        "value_clip",
        "gradient를 원소 하나하나 잘랐어 (`tf.clip_by_value`). 원소별로 자르면 global norm이 "
        f"clip_norm {c:g} 이하가 된다는 보장도 없고, 잘린 원소만 줄어서 gradient 방향도 바뀌어. 기대한 건 "
        "전체 norm이 clip_norm이 되도록 모든 gradient를 같은 비율로 줄이는 거야. `tf.clip_by_global_norm`을 써 줘.",
        en="You cut the gradients element by element (`tf.clip_by_value`). That does not guarantee a global norm "
           f"of at most clip_norm {c:g}, and since only the cut elements shrink, the direction changes too. "
           "Expected: every gradient shrunk by one factor so the total norm becomes clip_norm. Use "
           "`tf.clip_by_global_norm`.")


@check("gradient 전체를 global norm 기준으로 clip해서 적용했다", points=3,
       en="all gradients are clipped together by their global norm, then applied")
def clipped_by_global_norm(t):
    _pair_to_optimizer(t)
    _no_apply(t)
    got = t.got["calls"][-1]
    raw = t.want["raw"]
    c = float(t.case["clip_norm"])
    norm = global_norm(raw)
    if len(got) != len(raw) or any(g is None for g in got):
        raise Incorrect(
            "wrong_variables",
            f"optimizer가 gradient {len(raw)}개({', '.join(NAMES)})를 받아야 하는데 "
            f"{len(got)}개(None {sum(g is None for g in got)}개 포함)를 받았어. `model.trainable_weights` 전체의 "
            "gradient를 clip해서 같은 순서로 넘겨 줘.",
            en=f"The optimizer should get {len(raw)} gradients ({', '.join(NAMES)}); it got {len(got)} "
               f"(including {sum(g is None for g in got)} None). Clip the gradients of all of "
               "`model.trainable_weights` and pass them in the same order.")
    want = clip_global(raw, c)
    if all_close(got, want, rtol=1e-4, atol=1e-6):
        return
    if all_close(got, clip_each(raw, c), rtol=1e-4, atol=1e-6):
        raise Incorrect(
            "per_tensor_clip",
            f"tensor마다 따로 clip했어 (`tf.clip_by_norm`을 하나씩 쓴 결과와 같아). clip 전 global norm이 "
            f"{norm:.4g}, clip_norm이 {c:g}이니까 기대한 건 **모든** gradient에 같은 비율 {c / norm:.4g}를 곱하는 "
            f"거야. 받은 gradient의 tensor별 norm은 [{_norms(got)}], 기대값은 [{_norms(want)}]야. "
            "따로 자르면 작은 gradient는 그대로고 큰 것만 잘려서 전체 방향이 바뀌어. "
            "`tf.clip_by_global_norm(grads, clip_norm)`으로 한꺼번에 잘라 줘.",
            en=f"You clipped each tensor on its own (the same as `tf.clip_by_norm` one by one). The global norm "
               f"before clipping is {norm:.4g} and clip_norm is {c:g}, so **every** gradient should be multiplied "
               f"by the same factor {c / norm:.4g}. Per-tensor norms you applied: [{_norms(got)}]; expected: "
               f"[{_norms(want)}]. Clipping separately leaves small gradients alone and cuts only the big ones, "
               "which turns the overall direction. Clip them together with `tf.clip_by_global_norm(grads, clip_norm)`.")
    if norm > c and all_close(got, raw, rtol=1e-4, atol=1e-6) and uses(t.source, "tf.clip_by_value"):
        raise _value_clip(c)
    if norm > c and all_close(got, raw, rtol=1e-4, atol=1e-6):
        raise Incorrect(
            "no_clip",
            f"clip하지 않은 gradient를 그대로 적용했어: global norm {norm:.4g}가 clip_norm {c:g}보다 큰데 "
            "그대로 들어갔어. `tf.clip_by_global_norm`의 결과(첫 번째 값)를 `apply_gradients`에 넘겼는지 봐.",
            en=f"You applied the unclipped gradients: their global norm {norm:.4g} is above clip_norm {c:g} but "
               "they went in unchanged. Check that you pass the result of `tf.clip_by_global_norm` (its first "
               "item) to `apply_gradients`.")
    if all_close(got, [np.clip(np.asarray(r, dtype=np.float64), -c, c) for r in raw], rtol=1e-4, atol=1e-6):
        raise _value_clip(c)
    if norm < c and all_close(got, [np.asarray(r, dtype=np.float64) * (c / norm) for r in raw], rtol=1e-4, atol=1e-6):
        raise Incorrect(
            "always_scaled",
            f"global norm이 {norm:.4g}로 이미 clip_norm {c:g}보다 작은데 gradient를 {c / norm:.3g}배로 **키웠어**. "
            "clipping은 norm이 clip_norm을 넘을 때만 줄이고, 아니면 그대로 둬야 해. 직접 나누지 말고 "
            "`tf.clip_by_global_norm`에 맡겨.",
            en=f"The global norm {norm:.4g} is already below clip_norm {c:g}, yet you **scaled the gradients up** "
               f"by {c / norm:.3g}. Clipping only shrinks when the norm exceeds clip_norm and otherwise leaves the "
               "gradients alone. Let `tf.clip_by_global_norm` do it instead of dividing yourself.")
    for i, (g, w) in enumerate(zip(got, want)):
        expect_close(g, w, what=f"optimizer에 넘긴 {NAMES[i]}의 gradient", what_en=f"the gradient of {NAMES[i]} you applied",
                     diagnosis="wrong_clip", rtol=1e-4, atol=1e-6,
                     hint=f"clip 전 global norm {norm:.4g}, clip_norm {c:g}: norm이 넘으면 모든 gradient에 "
                          "clip_norm / global_norm을 곱하고, 아니면 그대로 둬야 해.",
                     hint_en=f"Global norm before clipping {norm:.4g}, clip_norm {c:g}: when the norm is over, every "
                             "gradient is multiplied by clip_norm / global_norm; otherwise it stays as it is.")


@check("clip 전 global norm을 return했다", points=2, en="the global norm before clipping is returned")
def returned_pre_clip_norm(t):
    _pair_to_optimizer(t)
    c = float(t.case["clip_norm"])
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
            "wrong_shape",
            f"global norm은 숫자 하나여야 하는데 shape {got.shape}인 값을 받았어. tensor별 norm이 아니라 "
            "전체를 합친 norm 하나를 return해.",
            en=f"The global norm is a single number; got shape {got.shape}. Return one norm over all gradients, "
               "not one per tensor.")
    value = float(got.ravel()[0])
    if np.isclose(value, want, rtol=1e-4, atol=1e-6):
        return
    if want > c * 1.001 and np.isclose(value, c, rtol=1e-3, atol=1e-6):
        raise Incorrect(
            "norm_after_clip",
            f"return한 값 {value:.6g}는 clip **후** gradient의 norm이야 (clip_norm {c:g}와 같지). 기대한 건 clip "
            f"**전** norm {want:.6g}이야. 이 값을 로그로 남겨야 gradient가 얼마나 폭발했는지 보여. "
            "`tf.clip_by_global_norm`이 두 번째로 돌려주는 값이 바로 clip 전 norm이야.",
            en=f"The value you returned, {value:.6g}, is the norm **after** clipping (equal to clip_norm {c:g}). "
               f"Expected the norm **before** clipping, {want:.6g}: that is the number worth logging, since it "
               "shows how far the gradients blew up. The second item `tf.clip_by_global_norm` returns is exactly "
               "that pre-clip norm.")
    if np.isclose(value, want * want, rtol=1e-4, atol=1e-6):
        raise Incorrect(
            "squared_norm",
            f"return한 값 {value:.6g}는 global norm의 제곱이야 (기대 {want:.6g}). 제곱합에 `tf.sqrt`를 "
            "씌웠는지 봐. `tf.clip_by_global_norm`의 두 번째 값을 쓰면 제일 간단해.",
            en=f"Your value {value:.6g} is the square of the global norm (expected {want:.6g}). Check that you "
               "take `tf.sqrt` of the sum of squares, or simply use the second item of `tf.clip_by_global_norm`.")
    raise Incorrect(
        "wrong_norm",
        f"return한 global norm이 기대값과 달라: 기대 {want:.6g}, 받은 값 {value:.6g}. 모든 trainable weight의 "
        "gradient를 합친 L2 norm, sqrt(Σ‖g‖²)을 clip **전에** 재야 해.",
        en=f"The returned global norm differs: expected {want:.6g}, got {value:.6g}. It is the L2 norm over the "
           "gradients of all trainable weights together, sqrt(Σ‖g‖²), measured **before** clipping.")


@check("optimizer.apply_gradients를 한 번 불렀다", points=1, en="optimizer.apply_gradients is called once")
def applied_once(t):
    _pair_to_optimizer(t)
    _no_apply(t)
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

    rows = [{"group": n, "series": "clip 전", "series_en": "before clipping", "value": v} for n, v in zip(groups, with_global(raw))]
    rows += [{"group": n, "series": "clip 후 (정답)", "series_en": "after clipping (expected)", "value": v}
             for n, v in zip(groups, with_global(clip_global(raw, c)))]
    got = t.got if isinstance(t.got, dict) else {}
    calls = got.get("calls") or []
    if calls and len(calls[-1]) == len(raw) and all(isinstance(g, np.ndarray) for g in calls[-1]):
        rows += [{"group": n, "series": "clip 후 (내 코드)", "series_en": "after clipping (your code)", "value": v} for n, v in zip(groups, with_global(calls[-1]))]
    return [{"kind": "grouped_bars",
             "title": "변수별 gradient norm: clip 전과 후 (global clipping은 모두 같은 비율로 줄여)",
             "title_en": "Gradient norm per variable before and after clipping (global clipping shrinks all by one factor)",
             "rows": rows, "rule": c, "rule_label": "clip_norm"}]
