"""Hidden cases and checks for choose-clipping-strategy: three clipping strategies and when to use which."""
import numpy as np

from grader import analysis
from grader.api import Incorrect, Transformation, all_close, check, clip_each, clip_global, expect_effect, global_norm

FAMILIES = ["clipping"]

STRATEGIES = ["value", "norm", "global_norm"]
LABELS = {"value": "value clipping (`tf.clip_by_value`)", "norm": "tensor별 norm clipping (`tf.clip_by_norm`)",
          "global_norm": "global norm clipping (`tf.clip_by_global_norm`)", "none": "clip하지 않은 원래 gradient"}
LABELS_EN = {"value": "value clipping (`tf.clip_by_value`)", "norm": "per-tensor norm clipping (`tf.clip_by_norm`)",
             "global_norm": "global-norm clipping (`tf.clip_by_global_norm`)", "none": "the unclipped gradients"}
NAMES = ["g0", "g1", "g2"]

# situation id -> (the strategy that fits, why in Korean, why in English)
SITUATIONS = {
    "lstm_long_sequences": (
        "global_norm",
        "긴 시퀀스 LSTM의 폭발은 모델 전체 gradient가 한꺼번에 커지는 거야. 모두를 같은 비율로 줄이는 global norm "
        "clipping이 update의 방향은 그대로 두고 크기만 막아 줘.",
        "In a long-sequence LSTM the explosion hits the whole model's gradient at once. Global-norm clipping shrinks "
        "everything by one factor, so it bounds the size of the update and keeps its direction."),
    "transformer_pretraining": (
        "global_norm",
        "Transformer 학습에서 표준은 update 전체 크기에 상한을 두는 global norm clipping이야 (보통 1.0). "
        "방향은 건드리지 않아.",
        "The standard in Transformer training is global-norm clipping, a bound on the size of the whole update "
        "(often 1.0) that leaves its direction alone."),
    "new_model_default": (
        "global_norm",
        "잘 모를 때의 안전한 기본값은 global norm clipping이야. 크기만 줄이고 방향은 절대 안 바꾸니까 학습을 "
        "망가뜨릴 위험이 제일 작아.",
        "The safe default when unsure is global-norm clipping: it only rescales and never turns the direction, so it "
        "is the least likely to harm training."),
    "fixed_point_accumulator": (
        "value",
        "요구 사항이 원소마다 걸려 있어: 누산기는 원소 하나하나가 ±threshold에서 포화하고, 범위 안의 원소는 그대로야. "
        "이걸 그대로 흉내 내는 건 value clipping뿐이야. norm 방식은 범위 안의 원소까지 같이 줄여.",
        "The requirement is per element: the accumulator saturates each element at ±threshold and leaves the ones "
        "inside the range as they are. Only value clipping reproduces that; the norm strategies shrink the elements "
        "inside the range too."),
    "reproduce_clipvalue_recipe": (
        "value",
        "재현하려는 레시피가 `clipvalue`, 즉 원소마다 자르는 방식이야. 결과를 그대로 재현하려면 clipping도 똑같이 "
        "value clipping이어야 해. 다른 방식은 다른 update를 만들어.",
        "The recipe you reproduce uses `clipvalue`, which clips per element. Reproducing its results means clipping "
        "the same way, by value; any other strategy makes different updates."),
    "embedding_table_spikes": (
        "norm",
        "폭발하는 건 embedding **변수 하나**뿐이야. tensor별 norm clipping은 그 변수만 줄이고(그 안의 방향은 유지) "
        "다른 layer의 update는 건드리지 않아. global norm이면 embedding 때문에 모든 layer가 같이 작아져.",
        "Only **one variable**, the embedding, explodes. Per-tensor norm clipping shrinks just that variable (keeping "
        "its direction) and leaves the other layers' updates alone; global-norm clipping would shrink every layer "
        "because of the embedding."),
}


def _tensor(rng, shape, norm):
    g = rng.normal(size=shape)
    return g * (norm / np.linalg.norm(g))


def cases(rng):
    """Every region each strategy depends on, in every seed: tensors over and under the threshold, a global norm
    over it (cases 0, 1) and under it (case 2: everything must come back unchanged), and an all-zero gradient
    (case 1: a frozen or unused variable), which a hand-written g / norm turns into nan."""
    out = []
    for kind in ("over", "zero", "under"):
        t = float(np.round(rng.uniform(0.5, 2.0), 3))
        if kind == "under":  # every tensor and the global norm under t: no strategy may change anything
            grads = [_tensor(rng, (2, 3), rng.uniform(0.3, 0.45) * t), _tensor(rng, (3,), rng.uniform(0.2, 0.4) * t),
                     _tensor(rng, (2, 2), rng.uniform(0.3, 0.45) * t)]
        else:  # g0 far over t (with elements beyond +t and below -t), g1 under t (or all zero), g2 a bit over t
            g0 = _tensor(rng, (2, 3), rng.uniform(2.6, 4.0) * t)
            g0[0, 0], g0[1, 2] = abs(g0[0, 0]) + 1.2 * t, -abs(g0[1, 2]) - 1.2 * t
            grads = [g0,
                     np.zeros(3) if kind == "zero" else _tensor(rng, (3,), rng.uniform(0.3, 0.8) * t),
                     _tensor(rng, (2, 2), rng.uniform(1.2, 2.0) * t)]
        out.append({"grads": [g.astype(np.float32) for g in grads], "threshold": t,
                    "unknown": str(rng.choice(["median", "global", "clip_norm", "l2"])),
                    "situations": [str(s) for s in rng.permutation(list(SITUATIONS))]})
    return out


def _per_tensor_up(ctx):
    """Every tensor rescaled to norm threshold, even one already under it (and nan for a zero tensor)."""
    if ctx.get("strategy") != "norm":
        return None
    t = float(ctx["clip_norm"])
    with np.errstate(invalid="ignore", divide="ignore"):
        return [np.asarray(g, dtype=np.float64) * (t / np.linalg.norm(g)) for g in ctx["raw"]]


def _per_tensor_up_match(got, want, ctx):
    alt = _per_tensor_up(ctx)
    if alt is None:
        return None
    for g, a, w in zip(got, alt, want):
        g, a = np.asarray(g, dtype=np.float64), np.asarray(a, dtype=np.float64)
        if np.all(np.isnan(a)) and np.all(np.isnan(g)):
            continue
        if g.shape != a.shape or not np.allclose(g, a, rtol=1e-4, atol=1e-6):
            return None
    return {}


def _columns(ctx):
    """tf.clip_by_norm(g, t, axes=[0]): every column clipped by its own norm instead of the whole tensor."""
    if ctx.get("strategy") != "norm":
        return None
    t = float(ctx["clip_norm"])
    out = []
    for g in ctx["raw"]:
        g = np.asarray(g, dtype=np.float64)
        n = np.sqrt(np.sum(g * g, axis=0, keepdims=True))
        out.append(g * (t / np.maximum(n, t)))
    return out


TRANSFORMATIONS = [
    Transformation(
        "value_one_sided", "clipping",
        "{what}: 위쪽만 잘랐어. threshold보다 큰 원소는 threshold가 됐는데, -threshold보다 작은 원소가 그대로 남았어. "
        "value clipping은 양쪽 `[-threshold, threshold]`야: `tf.clip_by_value(g, -threshold, threshold)`.",
        "{what_en}: only the top was cut. Elements above threshold became threshold, but those below -threshold "
        "stayed. Value clipping bounds both sides, `[-threshold, threshold]`: `tf.clip_by_value(g, -threshold, threshold)`.",
        needs=("raw", "clip_norm"),
        make=lambda ctx: [np.minimum(np.asarray(g, dtype=np.float64), float(ctx["clip_norm"])) for g in ctx["raw"]]
        if ctx.get("strategy") == "value" else None),
    Transformation(
        "per_tensor_always_scaled", "clipping",
        "{what}: norm이 threshold보다 **작은** tensor까지 norm이 threshold가 되게 키웠어 (0인 tensor는 0으로 나눠서 nan이 "
        "됐어). tensor별 clipping은 norm이 넘는 tensor만 줄이고 나머지는 그대로 둬: `tf.clip_by_norm(g, threshold)`.",
        "{what_en}: tensors whose norm is **under** the threshold were scaled up to it as well (an all-zero tensor "
        "became nan, divided by 0). Per-tensor clipping shrinks only the tensors over the threshold and leaves the "
        "rest alone: `tf.clip_by_norm(g, threshold)`.",
        needs=("raw", "clip_norm"), match=_per_tensor_up_match),
    Transformation(
        "norm_wrong_axis", "clipping",
        "{what}: tensor 전체가 아니라 열(axis 0)마다 따로 norm을 재서 잘랐어. \"norm\" 전략은 tensor 하나를 통째로 한 "
        "norm으로 봐: `axes` 인자 없이 `tf.clip_by_norm(g, threshold)`.",
        "{what_en}: the norm was measured and clipped per column (axis 0) instead of over the whole tensor. The "
        "\"norm\" strategy treats one tensor as one norm: `tf.clip_by_norm(g, threshold)` without `axes`.",
        needs=("raw", "clip_norm"), make=_columns),
]


HOW = {
    "value": ("원소마다 `tf.clip_by_value(g, -threshold, threshold)`: 아래쪽 경계도 -threshold야.",
              "Every element: `tf.clip_by_value(g, -threshold, threshold)`; the lower bound is -threshold."),
    "norm": ("tensor마다 `tf.clip_by_norm(g, threshold)`: norm이 threshold 이하인 tensor는 그대로야.",
             "Each tensor: `tf.clip_by_norm(g, threshold)`; a tensor whose norm is under threshold stays as it is."),
    "global_norm": ("`clipped, _ = tf.clip_by_global_norm(grads, threshold)`: 모두에 threshold / global norm을 곱해.",
                    "`clipped, _ = tf.clip_by_global_norm(grads, threshold)`: everything times threshold / global norm."),
}


def _twins(grads, t):
    return {"value": [np.clip(np.asarray(g, dtype=np.float64), -t, t) for g in grads],
            "norm": clip_each(grads, t), "global_norm": clip_global(grads, t),
            "none": [np.asarray(g, dtype=np.float64) for g in grads]}


def _matches(result, grads, t):
    """Which strategy a result looks like: "value", "norm", "global_norm", "none", or None."""
    for name, twin in _twins(grads, t).items():
        if all_close(result, twin, rtol=1e-4, atol=1e-6):
            return name
    return None


def _cosine(a, b):
    x = np.concatenate([np.ravel(np.asarray(v, dtype=np.float64)) for v in a])
    y = np.concatenate([np.ravel(np.asarray(v, dtype=np.float64)) for v in b])
    return float(x @ y / (np.linalg.norm(x) * np.linalg.norm(y)))


def _result(t, strategy):
    """The learner's clipped list for one strategy, or a tailored Incorrect when it cannot be compared."""
    thr = t.case["threshold"]
    call = f"clip_gradients(grads, {strategy!r}, {thr:g})"
    r = t.got["clipped"][strategy]
    if isinstance(r, dict) and "error" in r:
        e = r["error"]
        where = f" ({e['line']}번째 줄)" if e.get("line") else ""
        where_en = f" (line {e['line']})" if e.get("line") else ""
        raise Incorrect(
            "strategy_error",
            f"`{call}`가 {e['type']} 에러를 냈어{where}: {e['message']}. 세 전략 이름 \"value\", \"norm\", \"global_norm\"을 "
            "모두 처리하는지 봐.",
            en=f"`{call}` raised {e['type']}{where_en}: {e['message']}. Check that all three strategy names, "
               "\"value\", \"norm\" and \"global_norm\", are handled.")
    if isinstance(r, dict):
        if r["not_list"].startswith("tuple of 2 containing"):
            raise Incorrect(
                "returned_pair",
                f"`{call}`가 `tf.clip_by_global_norm`의 결과 `(리스트, norm)` 두 개짜리 tuple을 통째로 돌려줬어. "
                "clip된 리스트만 꺼내서 return해: `clipped, _ = tf.clip_by_global_norm(grads, threshold)`.",
                en=f"`{call}` returned `tf.clip_by_global_norm`'s whole two-item tuple `(list, norm)`. Return only the "
                   "clipped list: `clipped, _ = tf.clip_by_global_norm(grads, threshold)`.")
        raise Incorrect(
            "returned_none" if r["not_list"] == "NoneType" else "wrong_type",
            f"`{call}`는 clip된 tensor들의 리스트를 return해야 하는데 {r['not_list']}을(를) 받았어. "
            "`tf.clip_by_global_norm`은 (리스트, norm) 두 개를 돌려주니까 리스트만 꺼내서 return해.",
            en=f"`{call}` should return a list of clipped tensors; got {r['not_list']}. Remember that "
               "`tf.clip_by_global_norm` returns two things (list, norm): return only the list.")
    grads = t.case["grads"]
    if len(r) != len(grads):
        raise Incorrect(
            "wrong_length",
            f"`{call}`가 tensor {len(r)}개를 돌려줬어. 입력과 같은 {len(grads)}개, 같은 순서여야 해.",
            en=f"`{call}` returned {len(r)} tensors; expected {len(grads)}, as many as came in, in the same order.")
    for i, (g, w) in enumerate(zip(r, grads)):
        if g is None or np.shape(g) != np.shape(w):
            got_shape = "None" if g is None else str(np.shape(g))
            raise Incorrect(
                "wrong_shape",
                f"`{call}`의 {i}번째 결과가 {got_shape}이야. 입력 gradient와 같은 shape {np.shape(w)}여야 해.",
                en=f"Item {i} of `{call}` is {got_shape}; expected the input gradient's shape {np.shape(w)}.")
    return r


def _wrong_branch(t, strategy, result, diagnosis=None):
    """Explain a result that equals another strategy's, or compare element-wise when it equals none."""
    grads, thr = t.case["grads"], float(t.case["threshold"])
    want = _twins(grads, thr)[strategy]
    what, what_en = f"\"{strategy}\" 결과", f"the \"{strategy}\" result"
    ctx = {"raw": grads, "clip_norm": thr, "names": NAMES, "strategy": strategy}
    finding = analysis.diagnose(result, want, context=ctx, families=FAMILIES if strategy == "global_norm" else [],
                                extra=TRANSFORMATIONS, static=t.static, what=what, what_en=what_en)
    if finding is not None:
        raise Incorrect(finding.id, finding.ko, en=finding.en)
    like = _matches(result, grads, thr)
    if like is not None and like != strategy:
        raise Incorrect(
            diagnosis or ("not_clipped" if like == "none" else "wrong_strategy"),
            f"\"{strategy}\"를 요청했는데 결과가 {LABELS[like]}와 같아. 기대한 건 {LABELS[strategy]}야.",
            en=f"\"{strategy}\" was asked for, but the result equals {LABELS_EN[like]}. Expected {LABELS_EN[strategy]}.")
    try:
        expect_effect(result, want, what=what, what_en=what_en, families=[], names=NAMES,
                      diagnosis=f"wrong_{strategy}_result")
    except Incorrect as exc:  # the generic "how it differs", plus how this strategy is written
        raise Incorrect(exc.diagnosis, f"{exc.message('ko')} {HOW[strategy][0]}",
                        en=f"{exc.message('en')} {HOW[strategy][1]}") from None



def regions(case):
    """Which tensors are over / under the threshold, zero, or hold elements beyond ±threshold; the global norm's side."""
    t = float(case["threshold"])
    found = {"global over" if global_norm(case["grads"]) > t else "global under (no-op)"}
    for g in case["grads"]:
        g = np.asarray(g, dtype=np.float64)
        n = float(np.linalg.norm(g))
        found.add("zero tensor" if n == 0 else "tensor over" if n > t else "tensor under")
        if np.any(g > t) and np.any(g < -t):
            found.add("elements beyond +t and -t")
    return found

@check("\"value\": 원소마다 [-threshold, threshold]로 자른다", points=1,
       en="\"value\": every element is cut to [-threshold, threshold]")
def value_strategy(t):
    r = _result(t, "value")
    if not all_close(r, _twins(t.case["grads"], t.case["threshold"])["value"], rtol=1e-4, atol=1e-6):
        _wrong_branch(t, "value", r)


@check("\"norm\": tensor마다 따로 norm을 자른다", points=1, en="\"norm\": each tensor's norm is clipped on its own")
def norm_strategy(t):
    r = _result(t, "norm")
    grads, thr = t.case["grads"], float(t.case["threshold"])
    if all_close(r, clip_each(grads, thr), rtol=1e-4, atol=1e-6):
        return
    if all_close(r, clip_global(grads, thr), rtol=1e-4, atol=1e-6):
        raise Incorrect(
            "norm_strategies_swapped",
            f"\"norm\"은 tensor마다 **따로** 자르는 전략인데, 결과가 모두를 같은 비율로 줄인 global norm clipping과 "
            f"같아. 변수별 norm: 받은 값 {_norms(r)}, 기대 {_norms(clip_each(grads, thr))}. "
            f"threshold {thr:g}보다 작은 {NAMES[1]}은(는) 그대로 남아야 해. 각 tensor에 `tf.clip_by_norm`을 써.",
            en=f"\"norm\" clips each tensor **on its own**, but your result equals global-norm clipping, which shrinks "
               f"all by one factor. Per-tensor norms: got {_norms(r)}, expected {_norms(clip_each(grads, thr))}. "
               f"{NAMES[1]}, already under the threshold {thr:g}, must stay as it is. Use `tf.clip_by_norm` on each tensor.")
    _wrong_branch(t, "norm", r)


def _norms(tensors):
    return "[" + ", ".join(f"{float(np.linalg.norm(np.asarray(g, dtype=np.float64))):.3g}" for g in tensors) + "]"


@check("\"global_norm\": 모든 tensor를 같은 비율로 줄여 방향을 지킨다", points=2,
       en="\"global_norm\": all tensors shrink by one factor, keeping the direction")
def global_norm_strategy(t):
    r = _result(t, "global_norm")
    grads, thr = t.case["grads"], float(t.case["threshold"])
    want = clip_global(grads, thr)
    if all_close(r, want, rtol=1e-4, atol=1e-6):
        return
    like = _matches(r, grads, thr)
    if like == "value":
        raise Incorrect(
            "value_changes_direction",
            f"\"global_norm\"에서 `tf.clip_by_value`로 원소를 잘랐어. 원래 gradient와의 cosine이 {_cosine(r, grads):.4f}로 "
            f"1보다 작아: **방향이 바뀌었어**. global norm도 {global_norm(r):.4g}로 threshold {thr:g}를 넘어. "
            f"기대한 건 모든 tensor에 같은 비율 {thr / global_norm(grads):.4g}를 곱해서 방향은 그대로(cosine 1), global "
            "norm은 threshold가 되는 거야. `tf.clip_by_global_norm`을 써.",
            en=f"For \"global_norm\" you cut elements with `tf.clip_by_value`. The cosine with the original gradient is "
               f"{_cosine(r, grads):.4f}, below 1: **the direction changed**, and the global norm {global_norm(r):.4g} is "
               f"still above the threshold {thr:g}. Expected every tensor multiplied by one factor, "
               f"{thr / global_norm(grads):.4g}, so the direction stays (cosine 1) and the global norm becomes the "
               "threshold. Use `tf.clip_by_global_norm`.")
    if like == "norm":
        swapped = isinstance(t.got["clipped"]["norm"], list) and \
            all_close(t.got["clipped"]["norm"], want, rtol=1e-4, atol=1e-6)
        raise Incorrect(
            "norm_strategies_swapped" if swapped else "per_tensor_for_global",
            ("\"norm\"과 \"global_norm\"의 구현이 서로 바뀌었어. " if swapped else "") +
            f"\"global_norm\" 결과가 tensor마다 따로 자른 값과 같아: 변수별 norm {_norms(r)}, 기대 {_norms(want)}. "
            f"따로 자르면 global norm이 {global_norm(r):.4g}로 threshold {thr:g}를 넘고 방향도 바뀌어 "
            f"(cosine {_cosine(r, grads):.4f}). 모든 tensor를 합친 norm으로 한 번에 `tf.clip_by_global_norm` 해 줘.",
            en=("The \"norm\" and \"global_norm\" branches are swapped. " if swapped else "") +
               f"The \"global_norm\" result equals clipping each tensor on its own: per-tensor norms {_norms(r)}, "
               f"expected {_norms(want)}. Clipped separately, the global norm is {global_norm(r):.4g}, above the "
               f"threshold {thr:g}, and the direction changes (cosine {_cosine(r, grads):.4f}). Clip all tensors at once "
               "by their combined norm with `tf.clip_by_global_norm`.")
    _wrong_branch(t, "global_norm", r)


@check("모르는 strategy 이름이면 ValueError를 낸다", points=1, en="an unknown strategy name raises ValueError")
def unknown_strategy(t):
    u = t.got["unknown"]
    name = t.case["unknown"]
    if u["raised"] == "ValueError":
        return
    if u["raised"] is None:
        raise Incorrect(
            "unknown_strategy_accepted",
            f"`clip_gradients(grads, {name!r}, threshold)`가 에러 없이 {u['returned']}을(를) 돌려줬어. 오타 난 전략 "
            "이름을 조용히 넘기면 clipping이 꺼진 채로 학습이 돌아가도 모르게 돼. 세 이름이 아니면 "
            "`raise ValueError(...)` 해 줘.",
            en=f"`clip_gradients(grads, {name!r}, threshold)` returned {u['returned']} without an error. Silently "
               "accepting a misspelt strategy means training can run with clipping off and nobody notices. Raise "
               "`ValueError(...)` for any name other than the three.")
    raise Incorrect(
        "wrong_exception",
        f"모르는 이름 {name!r}에 {u['raised']}가 났어. 잘못된 인자 값에는 `ValueError`가 관례야: "
        "`raise ValueError(f\"unknown strategy {strategy!r}\")`.",
        en=f"The unknown name {name!r} raised {u['raised']}. The convention for a bad argument value is `ValueError`: "
           "`raise ValueError(f\"unknown strategy {strategy!r}\")`.")


@check("상황마다 알맞은 전략을 추천한다", points=2, en="the right strategy is recommended for each situation")
def recommendations(t):
    for situation in t.case["situations"]:
        right, why, why_en = SITUATIONS[situation]
        got = t.got["recommended"].get(situation)
        if isinstance(got, dict) and "error" in got:
            e = got["error"]
            raise Incorrect(
                "recommend_error",
                f"`recommend({situation!r})`가 {e['type']} 에러를 냈어: {e['message']}. 과제 설명에 나온 상황 id 여섯 "
                "개를 모두 처리해 줘.",
                en=f"`recommend({situation!r})` raised {e['type']}: {e['message']}. Handle all six situation ids from "
                   "the task.")
        if not isinstance(got, str) or got not in STRATEGIES:
            shown = got["not_str"] if isinstance(got, dict) else repr(got)
            raise Incorrect(
                "invalid_strategy_name",
                f"`recommend({situation!r})`가 {shown}을(를) 돌려줬어. \"value\", \"norm\", \"global_norm\" 중 "
                "하나의 문자열이어야 해.",
                en=f"`recommend({situation!r})` returned {shown}; it must be one of the strings \"value\", \"norm\", "
                   "\"global_norm\".")
        if got != right:
            raise Incorrect(
                "wrong_recommendation",
                f"`{situation}`에 \"{got}\"를 추천했는데, 기대한 건 \"{right}\"야. {why}",
                en=f"For `{situation}` you recommended \"{got}\"; expected \"{right}\". {why_en}")


def charts(t):
    grads, thr = t.case["grads"], float(t.case["threshold"])
    twins = _twins(grads, thr)
    groups = NAMES + ["global"]

    def with_global(tensors):
        return [float(np.linalg.norm(np.asarray(g, dtype=np.float64))) for g in tensors] + [global_norm(tensors)]

    rows = [{"group": n, "series": "clip 전 / before", "value": v} for n, v in zip(groups, with_global(grads))]
    for s in STRATEGIES:
        rows += [{"group": n, "series": s, "value": v} for n, v in zip(groups, with_global(twins[s]))]
    direction = [{"group": s, "series": "정답 / reference", "value": _cosine(twins[s], grads)} for s in STRATEGIES]
    clipped = (t.got or {}).get("clipped", {}) if isinstance(t.got, dict) else {}
    for s in STRATEGIES:
        r = clipped.get(s)
        if isinstance(r, list) and len(r) == len(grads) and all(isinstance(g, np.ndarray) and g.shape == np.shape(w)
                                                                for g, w in zip(r, grads)):
            direction.append({"group": s, "series": "내 코드 / yours", "value": _cosine(r, grads)})
    return [
        {"kind": "grouped_bars", "title": "전략별 clip 후 norm (가로선: threshold)",
         "title_en": "Norms after clipping, per strategy (line: threshold)",
         "rows": rows, "rule": thr, "rule_label": "threshold"},
        {"kind": "grouped_bars", "title": "원래 gradient와의 cosine (1이면 방향 그대로)",
         "title_en": "Cosine with the original gradient (1 means the direction is kept)",
         "rows": direction, "rule": 1.0, "rule_label": "cosine 1"},
    ]
