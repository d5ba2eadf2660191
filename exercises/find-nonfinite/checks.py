"""Hidden cases and checks for find-nonfinite: the name of the first tensor holding a NaN or an Inf, None entries skipped."""
import re

import numpy as np

from grader.api import Incorrect, check

NAMES = ["embed/embeddings", "lstm/kernel", "lstm/recurrent_kernel", "lstm/bias", "dense/kernel", "dense/bias",
         "head/kernel", "head/bias", "norm/gamma", "norm/beta"]
BIG = {"float16": 65504.0, "float32": 3.0e38, "bfloat16": 3.0e38}
FAMILIES = []   # the answer is a name: no numeric transformation applies; every mistake is named below

# Each hidden list as (kind, dtype) entries; see _entry. The layouts keep every plausible wrong rule apart:
# NaN-only, Inf-only, all-instead-of-any, the last culprit, the sum and a size threshold each point elsewhere.
LAYOUTS = {
    "all_finite": [("ok", "float32"), ("big1", "float16"), (None, "float32"), ("bigsum", "float32"), ("ok", "bfloat16")],
    "nan_first": [("ok", "float32"), (None, "float32"), ("nan1", "float32"), ("inf1", "float32"),
                  ("allnan", "float16"), ("ninf1", "float32")],
    "ninf_first": [("ok", "bfloat16"), ("ninf1", "float32"), (None, "float32"), ("nan1", "float32"),
                   ("allinf", "float16"), ("nan1", "float32")],
    "fp16_overflow": [("ok", "float32"), ("big1", "float16"), ("inf1", "float16"), (None, "float32"),
                      ("nan1", "float32"), ("ninf1", "bfloat16")],
    "last_entry": [(None, "float32"), ("ok", "float32"), ("ok", "bfloat16"), ("ok", "float16"), ("allnan", "bfloat16")],
}


def _entry(rng, name, kind, dtype):
    if kind is None:
        return {"name": name, "dtype": dtype, "values": None, "kind": None}
    shape = [(3,), (4,), (2, 3), (3, 4), (5,), (2, 2, 2)][int(rng.integers(0, 6))]
    size = int(np.prod(shape))
    v = rng.uniform(-1.0, 1.0, size=size)
    spot = int(rng.integers(0, size))
    if kind == "nan1":
        v[spot] = np.nan
    elif kind == "inf1":
        v[spot] = np.inf
    elif kind == "ninf1":
        v[spot] = -np.inf
    elif kind == "allnan":
        v[:] = np.nan
    elif kind == "allinf":
        v[:] = np.where(rng.uniform(size=size) < 0.5, np.inf, -np.inf)
    elif kind == "big1":
        v = -np.abs(v)          # the rest negative, so the sum stays below the limit
        v[spot] = BIG[dtype]
    elif kind == "bigsum":
        v[spot] = BIG[dtype]
        v[(spot + 1) % size] = BIG[dtype]   # finite each, but their sum overflows
    return {"name": name, "dtype": dtype, "values": v.reshape(shape).astype(np.float32), "kind": kind}


def cases(rng):
    out = []
    for layout, kinds in LAYOUTS.items():
        names = [str(n) for n in rng.choice(NAMES, size=len(kinds), replace=False)]
        out.append({"layout": layout,
                    "entries": [_entry(rng, n, k, d) for n, (k, d) in zip(names, kinds)]})
    return out


REGION_NAMES = {"all_finite": "all finite, large values (answer None)", "nan_first": "NaN first",
                "ninf_first": "-Inf first", "fp16_overflow": "+Inf from a float16 overflow",
                "last_entry": "culprit is the last entry"}


def regions(case):
    out = {REGION_NAMES[case["layout"]]}
    if any(e["values"] is None for e in case["entries"]):
        out.add("None entries")
    return out


def _flags(entries):
    rows = []
    for e in entries:
        v = None if e["values"] is None else np.asarray(e["values"], dtype=np.float64)
        rows.append({
            "nan": v is not None and bool(np.isnan(v).any()),
            "inf": v is not None and bool(np.isinf(v).any()),
            "all_bad": v is not None and bool((~np.isfinite(v)).all()),
            "big": e["kind"] in ("big1", "bigsum"),
            "bigsum": e["kind"] == "bigsum",
        })
    return rows


def _first(flags, rule):
    return next((i for i, f in enumerate(flags) if rule(f)), None)


def _where(e):
    v = np.asarray(e["values"], dtype=np.float64)
    bad = ~np.isfinite(v)
    idx = tuple(int(i) for i in np.argwhere(bad)[0])
    what = "NaN" if np.isnan(v[idx]) else ("+Inf" if v[idx] > 0 else "-Inf")
    count = int(bad.sum())
    return (f"'{e['name']}'({e['dtype']}, shape {tuple(v.shape)})의 index {idx} 자리에 {what} 값이 있어"
            + (f" (원소 {v.size}개 중 {count}개가 깨졌어)" if count > 1 else ""),
            f"'{e['name']}' ({e['dtype']}, shape {tuple(v.shape)}) has {what} at index {idx}"
            + (f" ({count} of its {v.size} elements are broken)" if count > 1 else ""))


def _compares_with_nan(source):
    nan = r"(float\(\s*['\"]nan['\"]\s*\)|np\.nan|numpy\.nan|math\.nan|tf\.constant\(\s*float\(\s*['\"]nan['\"]\s*\)\s*\))"
    return bool(re.search(r"[=!]=\s*" + nan, source) or re.search(nan + r"\s*[=!]=", source))


def _judge(t):
    entries = t.case["entries"]
    flags = _flags(entries)
    names = [e["name"] for e in entries]
    truth = _first(flags, lambda f: f["nan"] or f["inf"])
    got = t.got
    if got.get("crash"):
        i = next(i for i, e in enumerate(entries) if e["values"] is None)
        raise Incorrect(
            "none_not_skipped",
            f"리스트의 {i}번째 항목('{names[i]}')은 tensor가 `None`인데 그대로 계산하다가 에러가 났어 ({got['crash']}). "
            "`None`은 gradient가 연결되지 않은 변수라는 뜻이지 깨진 값이 아니야. `if t is None: continue`로 건너뛰어.",
            en=f"Entry {i}, '{names[i]}', has `None` for its tensor and your code computed with it anyway "
               f"({got['crash']}). `None` means no gradient reaches that variable; it is not a broken value. "
               "Skip it with `if t is None: continue`.")
    if got.get("index") is not None:
        k = got["index"]
        said = f"'{names[k]}'" if 0 <= k < len(names) else "없는 자리"
        raise Incorrect(
            "returned_index",
            f"이름 대신 위치 {k}(={said})를 return했어. 기대한 건 이름 문자열이야"
            + (f" (이번 리스트에서는 '{names[truth]}')" if truth is not None else " (이번 리스트는 전부 정상이라 `None`)")
            + ". `for name, t in named:`로 풀어서 `return name` 해 줘.",
            en=f"You returned the position {k} instead of the name. Expected the name, a string"
               + (f" ('{names[truth]}' in this list)" if truth is not None else " (this list is all finite, so `None`)")
               + ". Unpack with `for name, t in named:` and `return name`.")
    if got.get("name") is None and got.get("returned") not in ("None", None):
        raise Incorrect(
            "wrong_type",
            f"이름(문자열)이나 `None`을 return해야 하는데 {got['returned']}을(를) 받았어.",
            en=f"Return a name (a string) or `None`; got {got['returned']}.")
    name = got.get("name")
    g = names.index(name) if name in names else (None if name is None else -1)
    if g == truth:
        return
    if g == -1:
        raise Incorrect(
            "unknown_name",
            f"'{name}'은(는) 리스트에 없는 이름이야. 리스트에 있는 이름 그대로 return해: {names}.",
            en=f"'{name}' is not a name in the list. Return one of the names as given: {names}.")
    real = _where(entries[truth]) if truth is not None else None
    said = f"'{name}'" if g is not None else "`None`"
    nan_eq = _compares_with_nan(t.source)
    if truth is not None and flags[truth]["nan"] and not flags[truth]["inf"] and nan_eq and \
            g == _first(flags, lambda f: f["inf"]):
        raise Incorrect(
            "nan_equality",
            f"돌려준 답은 {said}인데, 그보다 앞의 {real[0]}. `x == float(\"nan\")`은 NaN 자리에서도 `False`야: NaN은 "
            "자기 자신과도 같지 않거든. `==`로는 NaN을 절대 못 찾아. `tf.math.is_nan`, 아니면 NaN과 Inf를 한 번에 보는 "
            "`tf.math.is_finite`를 써.",
            en=f"You returned {said}, but before it {real[1]}. `x == float(\"nan\")` is `False` even where x is NaN: a "
               "NaN is not equal even to itself, so `==` never finds one. Use `tf.math.is_nan`, or `tf.math.is_finite`, "
               "which sees NaN and Inf at once.")
    if truth is not None and g is not None and g > truth and \
            g == max(i for i, f in enumerate(flags) if f["nan"] or f["inf"]):
        raise Incorrect(
            "returned_last",
            f"맨 **마지막** 범인을 돌려줬어 ({said}). 기대한 건 **처음** 깨진 tensor, '{names[truth]}': {real[0]}. "
            "찾자마자 `return name`으로 loop를 빠져나와. 변수에 계속 덮어쓰면 마지막 것만 남아.",
            en=f"You returned the **last** culprit, {said}. Expected the **first** broken one, '{names[truth]}': "
               f"{real[1]}. `return name` as soon as you find one; overwriting a variable in the loop keeps only "
               "the last.")
    if truth is not None and g == _first(flags, lambda f: f["all_bad"]):
        raise Incorrect(
            "all_instead_of_any",
            f"돌려준 답은 {said}인데, 그보다 앞의 {real[0]}. 원소가 **전부** 깨진 tensor만 잡고 있어 "
            "(`reduce_all(~is_finite)` 같은). 원소 **하나**만 깨져도 그 tensor가 범인이야: "
            "`not tf.reduce_all(tf.math.is_finite(t))`, 또는 `tf.reduce_any(~tf.math.is_finite(t))`.",
            en=f"You returned {said}, but before it {real[1]}. You only catch tensors whose elements are **all** "
               "broken (something like `reduce_all(~is_finite)`). A **single** broken element makes the tensor the "
               "culprit: `not tf.reduce_all(tf.math.is_finite(t))`, or `tf.reduce_any(~tf.math.is_finite(t))`.")
    if truth is not None and flags[truth]["inf"] and not flags[truth]["nan"] and g == _first(flags, lambda f: f["nan"]):
        raise Incorrect(
            "missed_inf",
            f"돌려준 답은 {said}인데, 그보다 앞의 {real[0]}. NaN만 찾고 있어 (`is_nan`이나 `x != x`). Inf도 "
            "학습을 망가뜨리고 다음 연산에서 곧 NaN이 돼 (`inf - inf`, `0 * inf`). `tf.math.is_finite`로 둘 다 잡아.",
            en=f"You returned {said}, but before it {real[1]}. You look for NaN only (`is_nan` or `x != x`). An Inf "
               "breaks training too, and turns into NaN at the next op (`inf - inf`, `0 * inf`). Catch both with "
               "`tf.math.is_finite`.")
    if truth is not None and flags[truth]["nan"] and not flags[truth]["inf"] and g == _first(flags, lambda f: f["inf"]):
        raise Incorrect(
            "missed_nan",
            f"돌려준 답은 {said}인데, 그보다 앞의 {real[0]}. NaN을 놓치고 있어: `is_inf`는 Inf만 보고, 크기 비교"
            "(`abs(x) > ...`)는 NaN에서 늘 `False`야. `tf.math.is_finite`는 NaN과 Inf를 한 번에 잡아.",
            en=f"You returned {said}, but before it {real[1]}. NaN slips past you: `is_inf` only sees Inf, and a size "
               "comparison (`abs(x) > ...`) is always `False` at a NaN. `tf.math.is_finite` catches NaN and Inf at once.")
    if g is not None and not (flags[g]["nan"] or flags[g]["inf"]) and (g < (truth if truth is not None else 99)):
        e = entries[g]
        biggest = float(np.max(np.abs(np.asarray(e["values"], dtype=np.float64))))
        if flags[g]["bigsum"]:
            raise Incorrect(
                "sum_overflow",
                f"범인으로 '{name}'을(를) 골랐는데, 이 tensor의 원소는 전부 유한해 (가장 큰 값 {biggest:.4g}, {e['dtype']}에서 "
                "표현 가능). 원소를 **합한 값**을 검사해서 그래: 큰 정상 값 두 개의 합이 넘쳐서 inf가 됐어. 합이 아니라 "
                "원소 하나하나를 `tf.math.is_finite`로 보고 `tf.reduce_all`로 모아.",
                en=f"You picked '{name}', but every element of it is finite (the largest is {biggest:.4g}, representable "
                   f"in {e['dtype']}). You checked the **sum** of the elements, and two large ordinary values overflowed "
                   "to inf when added. Check each element with `tf.math.is_finite` and combine with `tf.reduce_all`.")
        if flags[g]["big"]:
            raise Incorrect(
                "large_finite_flagged",
                f"범인으로 '{name}'을(를) 골랐는데, 이 tensor는 크지만 유한해 (가장 큰 값 {biggest:.6g}, {e['dtype']}의 "
                "최댓값 이하). 값의 크기로 판단하면 정상적인 큰 값을 잡고, NaN은 어떤 비교에도 `False`라 놓쳐. "
                "크기가 아니라 `tf.math.is_finite`로 NaN/Inf인지를 물어.",
                en=f"You picked '{name}', but it is large, not broken (the largest value is {biggest:.6g}, within "
                   f"{e['dtype']}'s maximum). Judging by size flags ordinary large values and misses NaN, which fails "
                   "every comparison. Ask `tf.math.is_finite` whether a value is NaN/Inf instead.")
        raise Incorrect(
            "flagged_finite",
            f"범인으로 '{name}'을(를) 골랐는데, 이 tensor에는 NaN도 Inf도 없어."
            + (f" 처음 깨진 곳: {real[0]}." if real else " 이번 리스트는 전부 정상이라 `None`이 정답이야."),
            en=f"You picked '{name}', but it holds no NaN and no Inf."
               + (f" The first broken one: {real[1]}." if real else " This list is all finite, so the answer is `None`."))
    if truth is None:
        raise Incorrect(
            "flagged_finite",
            f"돌려준 답은 {said}인데, 이번 리스트에는 NaN도 Inf도 없어서 `None`이 정답이야.",
            en=f"You returned {said}, but this list holds no NaN and no Inf, so the answer is `None`.")
    raise Incorrect(
        "wrong_culprit",
        f"돌려준 답은 {said}인데, 처음 깨진 tensor는 따로 있어: {real[0]}. 리스트를 앞에서부터 보고 NaN이나 Inf가 원소 "
        "하나라도 있는 첫 tensor의 이름을 돌려줘.",
        en=f"You returned {said}, but the first broken one is '{names[truth]}': {real[1]}. Walk the list from the "
           "front and return the name of the first tensor with any NaN or Inf element.")


@check("NaN이 든 첫 tensor를 찾는다", points=2, en="finds the first tensor holding a NaN")
def finds_nan(t):
    if t.case["layout"] in ("nan_first", "last_entry"):
        _judge(t)


@check("Inf(±)가 든 첫 tensor를 찾는다", points=2, en="finds the first tensor holding an Inf (±)")
def finds_inf(t):
    if t.case["layout"] in ("ninf_first", "fp16_overflow"):
        _judge(t)


@check("모두 유한하면 None, 큰 값은 정상으로 본다", points=2, en="None when all are finite; large values count as fine")
def none_when_finite(t):
    if t.case["layout"] == "all_finite":
        _judge(t)
