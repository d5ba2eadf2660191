"""Mistake analysis shared by every exercise: known transformations of the reference's quantities, each a diagnosis.

Runs in the judge (numpy only) on observations the sandboxes already reported; it never adds sandbox work.
Given what the learner's code produced (`got`), what the reference produced (`want`) and the reference
quantities they were computed from (`context`: unclipped gradients, a threshold, the weights before a step,
…), it tries the transformations of the families that apply and names the one that reproduces `got`:

    finding = diagnose(got, want, context={"raw": raw, "clip_norm": 1.0}, families=["clipping"])
    finding.id  # "per_tensor_clip"; finding.message("ko") names what was done and what to do

A transformation only counts when, on this case, it differs from the right answer and matches the learner's
numbers within tolerance. When none does, `describe` still says which quantity differs and how (a constant
ratio, the sign, the shape, which tensors, None where a value is due). Nothing here raises into a verdict:
an internal error is logged for instructors and the caller's own message stands.
"""
from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np

from grader.static import StaticFacts

log = logging.getLogger("grader.analysis")

Context = Mapping[str, Any]
# (ko, en) sentence added when the learner's code shows the same cause (read from its syntax tree), or None.
CodeHint = Callable[[StaticFacts, Context], "tuple[str, str] | None"]


@dataclass(frozen=True)
class Finding:
    """A named mistake: its diagnosis id, its family and the message in both languages (numbers filled in)."""

    id: str
    family: str
    ko: str
    en: str

    def message(self, lang: str) -> str:
        return self.en if lang == "en" else self.ko


@dataclass(frozen=True)
class Transformation:
    """One known way of getting a quantity wrong.

    Either `make(context)` builds the wrong quantity from the reference's (None: not applicable here), or
    `match(got, want, context)` recognises it directly and returns extra message fields (None: no match).
    `ko`/`en` are str.format templates; fields are `what`/`what_en`, every scalar in the context, what
    `fields(context)` returns and what `match` returned. `needs` names the context keys it requires.
    """

    id: str
    family: str
    ko: str
    en: str
    needs: tuple[str, ...] = ()
    make: Callable[[Context], Any] | None = None
    match: Callable[[Any, Any, Context], "dict | None"] | None = None
    fields: Callable[[Context], dict] | None = None
    code: CodeHint | None = None


# ---- numbers --------------------------------------------------------------------------------------------

def _arr(x: Any) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


def is_list(x: Any) -> bool:
    return isinstance(x, (list, tuple))


def numeric(x: Any) -> bool:
    """Numbers, numeric arrays, None, and lists of those: what the analysis can compare."""
    if x is None or isinstance(x, (bool, int, float, np.number)):
        return True
    if is_list(x):
        return all(numeric(t) for t in x)
    return isinstance(x, np.ndarray) and x.dtype.kind in "biuf"


def close(a: Any, b: Any, rtol: float = 1e-4, atol: float = 1e-6) -> bool:
    """Same structure and values within tolerance: lists element by element (None only matches None)."""
    if a is None or b is None:
        return a is None and b is None
    if is_list(a) or is_list(b):
        if not (is_list(a) and is_list(b)) or len(a) != len(b):
            return False
        return all(close(x, y, rtol, atol) for x, y in zip(a, b))
    try:
        x, y = _arr(a), _arr(b)
    except (TypeError, ValueError):
        return False
    return x.shape == y.shape and bool(np.allclose(x, y, rtol=rtol, atol=atol))


def norm(t: Any) -> float:
    return float(np.sqrt(np.sum(np.square(_arr(t)))))


def global_norm(tensors: Sequence[Any]) -> float:
    return float(np.sqrt(sum(float(np.sum(np.square(_arr(t)))) for t in tensors if t is not None)))


def _scale(tensors: Sequence[Any], k: float) -> list:
    return [None if t is None else _arr(t) * k for t in tensors]


def _clip_by(tensors: Sequence[Any], measured: float, c: float) -> list:
    """Rescale every tensor by c / max(measured, c): global clipping with a (possibly wrong) measured norm."""
    return _scale(tensors, c / max(measured, c)) if measured > 0 else [None if t is None else _arr(t) for t in tensors]


def clip_global(tensors: Sequence[Any], c: float) -> list:
    return _clip_by(tensors, global_norm(tensors), c)


def clip_each(tensors: Sequence[Any], c: float) -> list:
    return [None if t is None else _arr(t) * (c / max(norm(t), c)) if norm(t) > 0 else _arr(t) for t in tensors]


def _nonzero(t: Any) -> bool:
    return t is not None and _arr(t).size > 0 and float(np.max(np.abs(_arr(t)))) > 1e-12


def _names(ctx: Context, n: int) -> list[str]:
    names = ctx.get("names")
    return list(names) if names is not None and len(names) == n else [f"#{i}" for i in range(n)]


def _join(items: Iterable[str]) -> str:
    return ", ".join(f"`{i}`" for i in items)


def _fmt(value: Any) -> str:
    try:
        return f"{float(value):.4g}"
    except (TypeError, ValueError):
        return str(value)


# ---- code hints: a sentence when the syntax tree shows the same cause ------------------------------------

def _hint_call(name: str, ko: str, en: str, *, loop: bool | None = None) -> CodeHint:
    """A hint naming the first call to `name` (optionally only one inside a loop); {line}, {call} are filled."""
    def hint(static: StaticFacts, ctx: Context):
        calls = static.in_loop(name) if loop else static.calls_to(name)
        if loop is False:
            calls = [c for c in calls if not c.in_loop]
        if not calls:
            return None
        c = calls[0]
        return ko.format(line=c.line, call=c.dotted, over=c.loop_over or ""), en.format(line=c.line, call=c.dotted,
                                                                                        over=c.loop_over or "")
    return hint


def _hint_twice(name: str) -> CodeHint:
    def hint(static: StaticFacts, ctx: Context):
        calls = static.calls_to(name)
        if len(calls) < 2 and not static.in_loop(name):
            return None
        lines = ", ".join(str(c.line) for c in calls)
        return (f"코드에서도 `{name}`을(를) 여러 번 불러 ({lines}번째 줄).",
                f"Your code calls `{name}` more than once too (lines {lines}).")
    return hint


# ---- family: clipping (the quantity is the list of gradients after clipping) ------------------------------
# context: raw (the unclipped gradients, in order), clip_norm; optional names (one per gradient)

def _norm_variants(tensors: Sequence[Any]) -> dict[str, float]:
    present = [t for t in tensors if t is not None]
    n = global_norm(present)
    elements = sum(_arr(t).size for t in present) or 1
    return {"squared": n * n, "mean_elements": n / np.sqrt(elements),
            "mean_tensors": n / np.sqrt(max(len(present), 1)), "sum_of_norms": sum(norm(t) for t in present)}


def _subsets(n: int) -> list[tuple[int, ...]]:
    if n > 6:
        return [(i,) for i in range(n)]
    return [s for k in range(1, n) for s in itertools.combinations(range(n), k)]


def _wrong_set_clip(got: Any, want: Any, ctx: Context) -> dict | None:
    raw, c = ctx["raw"], float(ctx["clip_norm"])
    if not is_list(got) or len(got) != len(raw):
        return None
    names = _names(ctx, len(raw))
    for subset in _subsets(len(raw)):
        measured = global_norm([raw[i] for i in subset])
        alt = _clip_by(raw, measured, c)
        if not close(alt, want) and close(got, alt):
            return {"subset": _join(names[i] for i in subset), "measured": _fmt(measured)}
        # only the tensors of the subset clipped (by their own joint norm), the rest left as they were
        part = clip_global([raw[i] for i in subset], c)
        alt = [part[subset.index(i)] if i in subset else _arr(raw[i]) for i in range(len(raw))]
        if not close(alt, want) and close(got, alt):
            return {"subset": _join(names[i] for i in subset), "measured": _fmt(measured)}
    return None


def _clip_fields(ctx: Context) -> dict:
    n = global_norm(ctx["raw"])
    c = float(ctx["clip_norm"])
    return {"norm": _fmt(n), "factor": _fmt(c / n if n else 1.0), "up": _fmt(c / n if n else 1.0)}


CLIPPING = [
    Transformation(
        "no_clip", "clipping",
        "{what}이(가) clip되지 않은 그대로야: global norm {norm}이 clip_norm {clip_norm}보다 큰데 줄지 않았어. "
        "clip한 결과(`tf.clip_by_global_norm`의 첫 번째 값)를 다음 단계에 넘겨 줘.",
        "You left {what_en} unclipped: the global norm {norm} is above clip_norm {clip_norm}, yet nothing shrank. "
        "Pass the clipped result (the first item of `tf.clip_by_global_norm`) on to the next step.",
        needs=("raw", "clip_norm"),
        make=lambda ctx: [None if t is None else _arr(t) for t in ctx["raw"]]
        if global_norm(ctx["raw"]) > float(ctx["clip_norm"]) else None,
        fields=_clip_fields),
    Transformation(
        "clipped_twice", "clipping",
        "{what}을(를) 두 번 clip했어: tensor마다 먼저 자르고 그 결과를 다시 global norm으로 잘랐어. "
        "global norm {norm}을(를) 재기 전에 아무것도 자르지 말고 `tf.clip_by_global_norm` 한 번만 써.",
        "You clipped {what_en} twice: each tensor first, then the result again by its global norm. Cut nothing "
        "before measuring the global norm {norm}; use `tf.clip_by_global_norm` once.",
        needs=("raw", "clip_norm"),
        make=lambda ctx: clip_global(clip_each(ctx["raw"], float(ctx["clip_norm"])), float(ctx["clip_norm"])),
        fields=_clip_fields, code=_hint_call("clip_by_norm", "{line}번째 줄의 `{call}` 호출이 그 첫 번째 clip이야.",
                                             "The first clip is the `{call}` on line {line}.")),
    Transformation(
        "per_tensor_clip", "clipping",
        "{what}을(를) tensor마다 따로 clip했어. global norm이 {norm}, clip_norm이 {clip_norm}이니까 **모든** "
        "tensor에 같은 비율 {factor}를 곱해야 해. 따로 자르면 큰 tensor만 줄어서 전체 방향이 바뀌어. "
        "`tf.clip_by_global_norm`으로 한꺼번에 잘라 줘.",
        "You clipped {what_en} tensor by tensor. The global norm is {norm} and clip_norm {clip_norm}, so **every** "
        "tensor should be multiplied by the same factor {factor}. Clipping separately shrinks only the big ones "
        "and turns the overall direction. Clip them together with `tf.clip_by_global_norm`.",
        needs=("raw", "clip_norm"), make=lambda ctx: clip_each(ctx["raw"], float(ctx["clip_norm"])),
        fields=_clip_fields,
        code=_hint_call("clip_by_norm", "{line}번째 줄의 반복문 안에서 `{call}` 호출이 tensor를 하나씩 자르고 있어.",
                        "The `{call}` inside the loop on line {line} clips one tensor at a time.", loop=True)),
    Transformation(
        "value_clip", "clipping",
        "{what}을(를) 원소 하나하나 [-{clip_norm}, {clip_norm}]로 잘랐어 (`tf.clip_by_value`처럼). 원소별로 자르면 "
        "global norm이 clip_norm 이하가 된다는 보장도 없고 방향도 바뀌어. 모든 gradient를 같은 비율로 줄이는 "
        "`tf.clip_by_global_norm`을 써 줘.",
        "You cut {what_en} element by element to [-{clip_norm}, {clip_norm}] (like `tf.clip_by_value`). That does not "
        "bound the global norm and changes the direction. Use `tf.clip_by_global_norm`, which shrinks every "
        "gradient by one factor.",
        needs=("raw", "clip_norm"),
        make=lambda ctx: [None if t is None else np.clip(_arr(t), -float(ctx["clip_norm"]), float(ctx["clip_norm"]))
                          for t in ctx["raw"]],
        code=_hint_call("clip_by_value", "{line}번째 줄의 `{call}` 호출이 그거야.", "That is the `{call}` on line {line}.")),
    Transformation(
        "always_scaled", "clipping",
        "global norm이 이미 clip_norm {clip_norm}보다 작은데({norm}) {what}을(를) {up}배로 **키웠어**. clipping은 "
        "norm이 clip_norm을 넘을 때만 줄이고, 아니면 그대로 둬야 해: 비율은 clip_norm / max(norm, clip_norm)이야.",
        "The global norm {norm} is already below clip_norm {clip_norm}, yet you **scaled** {what_en} **up** by {up}. "
        "Clipping only shrinks when the norm exceeds clip_norm and otherwise leaves it alone: the factor is "
        "clip_norm / max(norm, clip_norm).",
        needs=("raw", "clip_norm"),
        make=lambda ctx: _scale(ctx["raw"], float(ctx["clip_norm"]) / global_norm(ctx["raw"]))
        if 0 < global_norm(ctx["raw"]) < float(ctx["clip_norm"]) else None,
        fields=_clip_fields),
    Transformation(
        "squared_norm", "clipping",
        "{what}을(를) 줄인 비율이 norm이 아니라 norm의 **제곱** {squared}로 계산됐어. 제곱합에 `tf.sqrt`를 씌워야 "
        "global norm {norm}이야. `tf.clip_by_global_norm`이나 `tf.linalg.global_norm`을 쓰면 안전해.",
        "You rescaled {what_en} by the **squared** norm {squared} instead of the norm. Take `tf.sqrt` of the sum "
        "of squares to get the global norm {norm}; `tf.clip_by_global_norm` or `tf.linalg.global_norm` does it for you.",
        needs=("raw", "clip_norm"),
        make=lambda ctx: _clip_by(ctx["raw"], _norm_variants(ctx["raw"])["squared"], float(ctx["clip_norm"])),
        fields=lambda ctx: {**_clip_fields(ctx), "squared": _fmt(_norm_variants(ctx["raw"])["squared"])}),
    Transformation(
        "mean_in_norm", "clipping",
        "{what}을(를) 줄일 때 쓴 norm이 제곱의 **평균**으로 계산됐어 ({measured}). global norm은 모든 원소 제곱의 "
        "**합**의 제곱근 {norm}이야: `tf.reduce_mean` 말고 `tf.reduce_sum`.",
        "The norm used to rescale {what_en} averages the squares ({measured}). The global norm is the square root of "
        "the **sum** of every squared element, {norm}: `tf.reduce_sum`, not `tf.reduce_mean`.",
        needs=("raw", "clip_norm"),
        match=lambda got, want, ctx: next(
            ({"measured": _fmt(m)} for m in (_norm_variants(ctx["raw"])[k] for k in ("mean_elements", "mean_tensors"))
             if not close(_clip_by(ctx["raw"], m, float(ctx["clip_norm"])), want)
             and close(got, _clip_by(ctx["raw"], m, float(ctx["clip_norm"])))), None),
        fields=_clip_fields,
        code=_hint_call("reduce_mean", "{line}번째 줄의 `{call}` 호출이 그 평균이야.", "That mean is the `{call}` on line {line}.")),
    Transformation(
        "sum_of_norms", "clipping",
        "{what}을(를) 줄인 비율이 tensor별 norm의 **합** {measured}로 계산됐어. global norm은 norm들의 합이 아니라 "
        "sqrt(Σ‖g‖²) = {norm}이야.",
        "You rescaled {what_en} by the **sum** of the per-tensor norms, {measured}. The global norm is not a sum of "
        "norms but sqrt(Σ‖g‖²) = {norm}.",
        needs=("raw", "clip_norm"),
        make=lambda ctx: _clip_by(ctx["raw"], _norm_variants(ctx["raw"])["sum_of_norms"], float(ctx["clip_norm"])),
        fields=lambda ctx: {**_clip_fields(ctx), "measured": _fmt(_norm_variants(ctx["raw"])["sum_of_norms"])}),
    Transformation(
        "norm_wrong_set", "clipping",
        "clip 비율을 정한 norm이 gradient 일부({subset})로만 계산됐어 ({measured}). global norm은 **모든** gradient를 "
        "합쳐서 재야 해 ({norm}): 전체 리스트를 `tf.clip_by_global_norm`에 넘겨 줘.",
        "The norm that set the clipping factor was measured over only some gradients ({subset}): {measured}. The "
        "global norm is measured over **all** of them ({norm}): pass the whole list to `tf.clip_by_global_norm`.",
        needs=("raw", "clip_norm"), match=_wrong_set_clip, fields=_clip_fields),
]


# ---- family: norm (the quantity is one global norm) -------------------------------------------------------
# context: tensors (what the norm measures); optional clip_norm, names

def _norm_alt(key: str) -> Callable[[Context], float]:
    return lambda ctx: _norm_variants(ctx["tensors"])[key]


def _norm_subset(got: Any, want: Any, ctx: Context) -> dict | None:
    tensors = [t for t in ctx["tensors"]]
    if is_list(got) or got is None or _arr(got).size != 1:
        return None
    names = _names(ctx, len(tensors))
    for subset in _subsets(len(tensors)):
        alt = global_norm([tensors[i] for i in subset])
        if not same(alt, want) and same(got, alt):
            return {"subset": _join(names[i] for i in subset), "measured": _fmt(alt)}
    return None


NORM = [
    Transformation(
        "norm_after_clip", "norm",
        "{what}이(가) clip **후**의 norm이야 (clip_norm {clip_norm}와 같지). 기대한 건 clip **전** norm {want}이야: "
        "`tf.clip_by_global_norm`이 두 번째로 돌려주는 값이 바로 그거야.",
        "{what_en}: {got} is the norm **after** clipping (equal to clip_norm {clip_norm}). Expected the norm **before** "
        "clipping, {want}: it is the second item `tf.clip_by_global_norm` returns.",
        needs=("tensors", "clip_norm"),
        make=lambda ctx: min(global_norm(ctx["tensors"]), float(ctx["clip_norm"]))),
    Transformation(
        "squared_norm", "norm",
        "{what} {got}은(는) global norm의 **제곱**이야 (기대 {want}). 제곱합에 `tf.sqrt`를 씌워 줘.",
        "{what_en}: {got} is the **square** of the global norm (expected {want}). Take `tf.sqrt` of the sum of squares.",
        needs=("tensors",), make=_norm_alt("squared")),
    Transformation(
        "mean_in_norm", "norm",
        "{what} {got}은(는) 제곱의 **평균**으로 계산됐어 (기대 {want}). global norm은 제곱의 **합**의 제곱근이야: "
        "`tf.reduce_mean` 말고 `tf.reduce_sum`.",
        "{what_en}: {got} averages the squares (expected {want}). The global norm is the square root of their "
        "**sum**: `tf.reduce_sum`, not `tf.reduce_mean`.",
        needs=("tensors",),
        match=lambda got, want, ctx: next(({} for k in ("mean_elements", "mean_tensors")
                                           if not close(_norm_variants(ctx["tensors"])[k], want)
                                           and _scalar_close(got, _norm_variants(ctx["tensors"])[k])), None)),
    Transformation(
        "sum_of_norms", "norm",
        "{what} {got}은(는) tensor별 norm의 **합**이야 (기대 {want}). global norm은 sqrt(Σ‖g‖²)야: "
        "`tf.linalg.global_norm`을 써 봐.",
        "{what_en}: {got} is the **sum** of the per-tensor norms (expected {want}). The global norm is sqrt(Σ‖g‖²): "
        "try `tf.linalg.global_norm`.",
        needs=("tensors",), make=_norm_alt("sum_of_norms")),
    Transformation(
        "norm_wrong_set", "norm",
        "{what} {got}은(는) gradient 일부({subset})만으로 잰 norm이야 (기대 {want}). **모든** gradient를 합쳐서 재 줘.",
        "{what_en}: {got} was measured over only some gradients ({subset}); expected {want}. Measure over **all** of them.",
        needs=("tensors",), match=_norm_subset),
]


def _scalar_close(got: Any, value: float) -> bool:
    return same(got, value)


# ---- family: sign (the quantity with its sign flipped: gradient ascent) ----------------------------------

SIGN = [
    Transformation(
        "sign_flipped", "sign",
        "{what}의 부호가 정반대야: 값의 크기는 맞는데 방향이 거꾸로야 (경사 **상승**). 빼야 할 걸 더했거나 "
        "loss 앞에 `-`가 붙었는지 봐.",
        "{what_en}: the sign is flipped. The size is right but the direction is reversed (gradient **ascent**). "
        "Look for an addition where a subtraction belongs, or a stray `-` in front of the loss.",
        make=lambda ctx: _negate(ctx["__want__"])),
]


def _negate(x: Any) -> Any:
    if is_list(x):
        return [_negate(t) for t in x]
    return None if x is None else -_arr(x)


# ---- family: reduction (the quantity is a reduction of `elements`) ---------------------------------------
# context: elements (the unreduced array), axis (int, tuple or None = all), op ("mean" | "sum");
# optional axis_names ({0: "batch", 1: "feature"}), batch_size (a whole-batch factor: sum vs mean in a loss)

def _reduce(x: Any, op: str, axis: Any) -> np.ndarray:
    a = _arr(x)
    return a.mean(axis=axis) if op == "mean" else a.sum(axis=axis)


def _wrong_axis(got: Any, want: Any, ctx: Context) -> dict | None:
    if got is None or is_list(got):
        return None
    a = _arr(ctx["elements"])
    op, axis = ctx.get("op", "mean"), ctx.get("axis")
    options = [None] + list(range(a.ndim)) if axis is not None else list(range(a.ndim))
    for other in options:
        if other == axis:
            continue
        alt = _reduce(a, op, other)
        if not close(alt, want) and close(got, alt):
            return {"used": _axis(ctx, other), "right": _axis(ctx, axis)}
    return None


def _axis(ctx: Context, axis: Any) -> str:
    names = ctx.get("axis_names") or {}
    if axis is None:
        return "all"
    return f"{names[axis]} (axis={axis})" if axis in names else f"axis={axis}"


def _batch_factor(direction: float) -> Callable[[Context], Any]:
    def make(ctx: Context) -> Any:
        b = float(ctx["batch_size"])
        return _scale_any(ctx["__want__"], b if direction > 0 else 1.0 / b) if b != 1 else None
    return make


def _scale_any(x: Any, k: float) -> Any:
    if is_list(x):
        return [_scale_any(t, k) for t in x]
    return None if x is None else _arr(x) * k


REDUCTION = [
    Transformation(
        "sum_instead_of_mean", "reduction",
        "{what}을(를) **평균** 대신 **합**으로 냈어 (batch {batch_size}개면 값이 그만큼 커져). `tf.reduce_mean`을 써 줘.",
        "{what_en}: a **sum** where a **mean** belongs (with a batch of {batch_size} it grows that many times). "
        "Use `tf.reduce_mean`.",
        needs=("batch_size",), make=_batch_factor(+1)),
    Transformation(
        "mean_instead_of_sum", "reduction",
        "{what}을(를) **합** 대신 **평균**으로 냈어 (batch {batch_size}개만큼 작아졌어). `tf.reduce_sum`을 써 줘.",
        "{what_en}: a **mean** where a **sum** belongs ({batch_size} times too small). Use `tf.reduce_sum`.",
        needs=("batch_size",), make=_batch_factor(-1)),
    Transformation(
        "sum_instead_of_mean", "reduction",
        "{what}을(를) **평균** 대신 **합**으로 줄였어. `tf.reduce_sum` 대신 `tf.reduce_mean`이야.",
        "You reduced {what_en} with a **sum** where a **mean** belongs: `tf.reduce_mean`, not `tf.reduce_sum`.",
        needs=("elements",),
        make=lambda ctx: _reduce(ctx["elements"], "sum", ctx.get("axis")) if ctx.get("op", "mean") == "mean" else None),
    Transformation(
        "mean_instead_of_sum", "reduction",
        "{what}을(를) **합** 대신 **평균**으로 줄였어. `tf.reduce_mean` 대신 `tf.reduce_sum`이야.",
        "You reduced {what_en} with a **mean** where a **sum** belongs: `tf.reduce_sum`, not `tf.reduce_mean`.",
        needs=("elements",),
        make=lambda ctx: _reduce(ctx["elements"], "mean", ctx.get("axis")) if ctx.get("op", "mean") == "sum" else None),
    Transformation(
        "wrong_axis", "reduction",
        "{what}을(를) 엉뚱한 축으로 줄였어: {used}로 줄였는데 {right}로 줄여야 해. `axis=` 인자를 확인해 봐.",
        "You reduced {what_en} over the wrong axis: {used} instead of {right}. Check the `axis=` argument.",
        needs=("elements",), match=_wrong_axis),
]


# ---- family: shape ---------------------------------------------------------------------------------------

def _batch_by_batch(got: Any, want: Any, ctx: Context) -> dict | None:
    if got is None or want is None or is_list(got) or is_list(want):
        return None
    g, w = _arr(got), _arr(want)
    if w.ndim == 1 and g.shape == (w.size, w.size) and w.size > 1 and close(np.diag(g), w):
        return {"n": w.size}
    if w.ndim == 1 and g.shape in ((w.size, w.size, 1), (w.size, 1, w.size)) and close(np.diag(g.reshape(w.size, w.size)), w):
        return {"n": w.size}
    return None


def _singleton(got: Any, want: Any, ctx: Context) -> dict | None:
    if got is None or want is None or is_list(got) or is_list(want):
        return None
    g, w = _arr(got), _arr(want)
    if g.shape != w.shape and g.size == w.size and close(g.reshape(w.shape), w) and \
            tuple(d for d in g.shape if d != 1) == tuple(d for d in w.shape if d != 1):
        return {"got_shape": g.shape, "want_shape": w.shape}
    return None


def _transposed(got: Any, want: Any, ctx: Context) -> dict | None:
    if got is None or want is None or is_list(got) or is_list(want):
        return None
    g, w = _arr(got), _arr(want)
    if w.ndim == 2 and w.shape[0] != w.shape[1] and g.shape == w.shape[::-1] and close(g.T, w):
        return {"got_shape": g.shape, "want_shape": w.shape}
    return None


def _broadcast(got: Any, want: Any, ctx: Context) -> dict | None:
    if got is None or want is None or is_list(got) or is_list(want):
        return None
    g, w = _arr(got), _arr(want)
    if g.shape == w.shape or g.size <= w.size:
        return None
    try:
        if close(g, np.broadcast_to(w, g.shape)):
            return {"got_shape": g.shape, "want_shape": w.shape}
    except ValueError:
        return None
    return None


SHAPE = [
    Transformation(
        "batch_by_batch", "shape",
        "{what}의 shape이 ({n}, {n})이야: 대각선은 맞는데 batch끼리 모든 짝이 만들어졌어. (batch,)와 (batch, 1)을 섞어 "
        "broadcasting했거나 `tf.gather`에 `batch_dims=1`이 빠졌어. 결과는 shape ({n},)이어야 해.",
        "{what_en}: shape ({n}, {n}). Its diagonal is right, but every pair of batch items was formed. A (batch,) "
        "was broadcast against a (batch, 1), or `tf.gather` is missing `batch_dims=1`. The result should have "
        "shape ({n},).",
        match=_batch_by_batch,
        code=_hint_call("gather", "{line}번째 줄의 `{call}`을 봐.", "Look at the `{call}` on line {line}.")),
    Transformation(
        "transposed", "shape",
        "{what}이(가) 전치돼 있어: shape {got_shape}인데 {want_shape}이어야 하고, 값은 뒤집으면 맞아. "
        "행렬곱의 순서나 `tf.transpose`를 확인해 봐.",
        "{what_en}: transposed, shape {got_shape} where {want_shape} is due, and the values match once flipped. "
        "Check the order of the matrix product or a `tf.transpose`.",
        match=_transposed),
    Transformation(
        "singleton_dim", "shape",
        "{what}의 값은 맞는데 shape이 {got_shape}이야. {want_shape}이어야 해: 크기 1인 축을 `keepdims`나 `tf.squeeze`로 맞춰 줘.",
        "{what_en}: the right values, but shape {got_shape}; {want_shape} is due. Line the size-1 axis up with "
        "`keepdims` or `tf.squeeze`.",
        match=_singleton),
    Transformation(
        "broadcast_shape", "shape",
        "{what}의 shape이 {got_shape}으로 커졌어: 맞는 값 {want_shape}이(가) broadcasting으로 복제됐어. "
        "더하거나 빼는 두 tensor의 shape을 맞춰 줘.",
        "{what_en}: grown to shape {got_shape}: the right {want_shape} values were copied by broadcasting. Make the "
        "shapes of the tensors you combine agree.",
        match=_broadcast),
]


# ---- family: flow (the quantity is one gradient per variable) --------------------------------------------
# context: names (one per variable); where the reference's gradient is None/zero it must stay stopped

def _flow(got: Any, want: Any, ctx: Context) -> tuple[list[str], list[str]] | None:
    if not is_list(got) or not is_list(want) or len(got) != len(want):
        return None
    names = _names(ctx, len(want))
    blocked = [n for n, g, w in zip(names, got, want) if _nonzero(w) and not _nonzero(g)]
    leaked = [n for n, g, w in zip(names, got, want) if not _nonzero(w) and _nonzero(g)]
    return blocked, leaked


def _only(kind: int) -> Callable[[Any, Any, Context], "dict | None"]:
    def match(got: Any, want: Any, ctx: Context) -> dict | None:
        found = _flow(got, want, ctx)
        if not found:
            return None
        blocked, leaked = found
        ok = (blocked and not leaked) if kind == 0 else (leaked and not blocked) if kind == 1 else (blocked and leaked)
        return {"blocked": _join(blocked), "leaked": _join(leaked), "__blocked": blocked} if ok else None
    return match


_GENERIC_TOKENS = frozenset({"kernel", "bias", "weight", "weights", "var", "variable", "variables", "layer", "layers",
                             "dense", "model", "tf", "self", "trainable", "numpy", "stop", "gradient", "x", "y", "w",
                             "b", "v", "g"})


def _tokens(text: str) -> set[str]:
    return {t for t in re.findall(r"[a-z]+", text.lower()) if t not in _GENERIC_TOKENS}


def _about(text: str, names: Sequence[str]) -> bool:
    """Whether a piece of code mentions one of these variables (shared words: `online(x)` and `online_q/kernel`)."""
    wanted = set().union(*(_tokens(n) for n in names)) if names else set()
    return bool(wanted & _tokens(text))


def _flow_hint(static: StaticFacts, ctx: Context):
    """Point at the construct that cuts the path, only when it mentions the blocked variables: never guess a cause."""
    blocked = ctx.get("__blocked") or []
    for c in static.calls_to("stop_gradient"):
        arg = c.args[0] if c.args else ""
        if _about(arg, blocked):
            return (f"{c.line}번째 줄의 `tf.stop_gradient({arg})`이(가) 그 길을 끊고 있어.",
                    f"The `tf.stop_gradient({arg})` on line {c.line} is what cuts that path.")
    for c in static.calls:
        if any("stop_recording" in w for w in c.in_with) and _about(c.text, blocked):
            return (f"{c.line}번째 줄은 `tape.stop_recording()` 안이라서 tape에 기록되지 않아.",
                    f"Line {c.line} runs under `tape.stop_recording()`, so the tape does not record it.")
    for c in static.calls_to("numpy"):
        if _about(c.text, blocked):
            return (f"{c.line}번째 줄의 `{c.text}` 호출이 tensor를 numpy 배열로 바꿔서 tape가 따라갈 수 없어.",
                    f"The `{c.text}` on line {c.line} turns the tensor into a numpy array the tape cannot follow.")
    for a in static.sets("trainable"):
        if a.value == "False" and _about(a.target, blocked):
            return (f"{a.line}번째 줄에서 `{a.target} = False`로 얼렸어.",
                    f"Line {a.line} freezes it with `{a.target} = False`.")
    return None


def _leak_hint(static: StaticFacts, ctx: Context):
    if not static.uses("stop_gradient") and not static.decorated("custom_gradient"):
        return ("코드에 `tf.stop_gradient`가 하나도 없어.", "Your code has no `tf.stop_gradient` at all.")
    return None


FLOW = [
    Transformation(
        "gradient_blocked", "flow",
        "{what}: {blocked}에 gradient가 오지 않아 (None이거나 0이야). 학습돼야 하는 변수야: 거기서 loss까지 가는 계산이 "
        "tape 안에서, tensor 연산으로 이어져 있는지 봐.",
        "{what_en}: no gradient reaches {blocked} (None or zero), though it must learn. Check that the computation "
        "from there to the loss runs inside the tape, in tensor operations.",
        match=_only(0), code=_flow_hint),
    Transformation(
        "gradient_leaks", "flow",
        "{what}: {leaked}에도 gradient가 흘러 들어가고 있어. 고정돼야 하는 변수야: 그쪽 값을 `tf.stop_gradient`로 "
        "감싸서 gradient를 끊어 줘.",
        "{what_en}: gradient also flows into {leaked}, which must stay fixed. Wrap that side in `tf.stop_gradient` "
        "to cut the gradient.",
        match=_only(1), code=_leak_hint),
    Transformation(
        "stopped_wrong_branch", "flow",
        "{what}: gradient를 끊을 곳과 흘릴 곳이 뒤바뀌었어. {blocked}에는 gradient가 와야 하는데 안 오고, {leaked}에는 "
        "오면 안 되는데 와. `tf.stop_gradient`를 다른 쪽 가지로 옮겨 줘.",
        "{what_en}: where the gradient is cut and where it flows are swapped. {blocked} should get a gradient and "
        "does not; {leaked} should not and does. Move the `tf.stop_gradient` to the other branch.",
        match=_only(2), code=_flow_hint),
]


# ---- family: steps (the quantity is the weights after the update) ----------------------------------------
# context: before (weights before, in order), lr; optional trajectory (reference weights after 0, 1, 2, … steps)
# and steps (how many the task asks for). Exact for plain SGD; other optimizers should pass a trajectory.

def _delta(ctx: Context, k: float) -> list | None:
    before, want = ctx["before"], ctx["__want__"]
    if not is_list(want) or not is_list(before) or len(before) != len(want):
        return None  # the steps family compares one list of weights with another
    return [None if w is None else _arr(b) + k * (_arr(w) - _arr(b)) for b, w in zip(before, want)]


def _traj(offset: int) -> Callable[[Context], Any]:
    def make(ctx: Context) -> Any:
        k = int(ctx["steps"]) + offset
        traj = ctx["trajectory"]
        return traj[k] if 0 <= k < len(traj) and k != int(ctx["steps"]) else None
    return make


STEPS = [
    Transformation(
        "no_update", "steps",
        "{what}이(가) 하나도 안 바뀌었어: update가 적용되지 않았어. `optimizer.apply_gradients(zip(grads, variables))`를 "
        "불렀는지, 그 결과가 모델의 변수에 가는지 봐.",
        "{what_en}: nothing changed, no update was applied. Check that `optimizer.apply_gradients(zip(grads, "
        "variables))` is called and reaches the model's variables.",
        needs=("before",), make=lambda ctx: _delta(ctx, 0.0)),
    Transformation(
        "ascent", "steps",
        "{what}이(가) 정답과 같은 크기만큼 **반대 방향**으로 움직였어 (경사 상승). gradient의 부호나 `assign_add`/`assign_sub`를 확인해 봐.",
        "{what_en} moved by the right amount in the **opposite direction** (gradient ascent). Check the gradient's sign "
        "or `assign_add`/`assign_sub`.",
        needs=("before",), make=lambda ctx: _delta(ctx, -1.0)),
    Transformation(
        "applied_twice", "steps",
        "{what}이(가) 두 배만큼 움직였어: 같은 update를 두 번 적용했어. `apply_gradients`는 step마다 한 번만 불러.",
        "{what_en} moved twice as far: the same update was applied twice. Call `apply_gradients` once per step.",
        needs=("before",), make=lambda ctx: _delta(ctx, 2.0), code=_hint_twice("apply_gradients")),
    Transformation(
        "lr_applied_twice", "steps",
        "{what}이(가) learning rate {lr}배만큼 덜 움직였어: learning rate를 두 번 곱했어. gradient에 lr을 곱하지 말고 "
        "optimizer에 맡겨 (optimizer가 이미 곱해).",
        "{what_en} moved {lr} times too little: the learning rate was applied twice. Do not multiply the gradient by "
        "lr yourself; the optimizer already does.",
        needs=("before", "lr"), make=lambda ctx: _delta(ctx, float(ctx["lr"])) if float(ctx["lr"]) != 1 else None),
    Transformation(
        "lr_missing", "steps",
        "{what}이(가) 1/{lr}배나 더 움직였어: learning rate {lr}를 곱하지 않았어. update는 `lr * gradient`야.",
        "{what_en} moved 1/{lr} times too far: the learning rate {lr} was left out. The update is `lr * gradient`.",
        needs=("before", "lr"),
        make=lambda ctx: _delta(ctx, 1.0 / float(ctx["lr"])) if float(ctx["lr"]) not in (0.0, 1.0) else None),
    Transformation(
        "one_step_too_many", "steps",
        "{what}이(가) {steps} step이 아니라 한 step 더 간 값이야. 반복 횟수(`range`)를 확인해 봐.",
        "{what_en}: where one step more than {steps} would leave it. Check the loop count (`range`).",
        needs=("trajectory", "steps"), make=_traj(+1)),
    Transformation(
        "one_step_too_few", "steps",
        "{what}이(가) {steps} step이 아니라 한 step 덜 간 값이야. 반복 횟수(`range`)를 확인해 봐.",
        "{what_en}: where one step fewer than {steps} would leave it. Check the loop count (`range`).",
        needs=("trajectory", "steps"), make=_traj(-1)),
]

FAMILIES: dict[str, list[Transformation]] = {
    "clipping": CLIPPING, "norm": NORM, "sign": SIGN, "reduction": REDUCTION, "shape": SHAPE, "flow": FLOW,
    "steps": STEPS,
}
DEFAULT_FAMILIES = ("clipping", "norm", "steps", "flow", "reduction", "shape", "sign")

# Diagnosis ids that say only "it differs": the report counts them as the generic fallback.
GENERIC = frozenset({"wrong_value", "values_differ", "wrong_shape", "wrong_type", "wrong_length", "returned_none",
                     "missing_value", "unexpected_value"})


# ---- the analysis ----------------------------------------------------------------------------------------

def transformations(families: Iterable[str] | None = None,
                    extra: Iterable[Transformation] = ()) -> list[Transformation]:
    """The exercise's own transformations first, then the named families' (unknown names are logged, skipped)."""
    out = list(extra)
    for name in (DEFAULT_FAMILIES if families is None else families):
        if name not in FAMILIES:
            log.warning("unknown mistake family %r (known: %s)", name, ", ".join(FAMILIES))
            continue
        out.extend(FAMILIES[name])
    return out


def diagnose(got: Any, want: Any, *, context: Context | None = None, families: Iterable[str] | None = None,
             extra: Iterable[Transformation] = (), static: StaticFacts | None = None, what: str = "값",
             what_en: str = "the value", rtol: float = 1e-4, atol: float = 1e-6) -> Finding | None:
    """The named transformation that turns the reference quantity into the learner's, or None. Never raises."""
    try:
        return _diagnose(got, want, dict(context or {}), transformations(families, extra), static, what, what_en,
                         rtol, atol)
    except Exception:
        log.exception("mistake analysis failed; the check's own message stands")
        return None


def _diagnose(got, want, ctx, rules, static, what, what_en, rtol, atol) -> Finding | None:
    if not (numeric(got) and numeric(want)) or same(got, want, rtol, atol):
        return None  # only numbers are analysed: a type name or a message is the check's to explain
    ctx["__want__"] = want
    found: list[tuple[Transformation, dict]] = []
    for rule in rules:
        if any(k not in ctx or ctx[k] is None for k in rule.needs):
            continue
        try:
            fields = _try(rule, got, want, ctx, rtol, atol)
        except Exception:
            log.exception("transformation %s (%s) failed on this case", rule.id, rule.family)
            continue
        if fields is not None:
            found.append((rule, fields))
    if not found:
        return None
    hinted = [(r, f, _code(r, static, {**ctx, **f})) for r, f in found]
    # prefer the one the code agrees with; otherwise the first in declared order
    rule, fields, hint = next((h for h in hinted if h[2]), hinted[0])
    return _finding(rule, fields, hint, ctx, got, want, what, what_en)


def _try(rule: Transformation, got, want, ctx, rtol, atol) -> dict | None:
    if rule.match is not None:
        return rule.match(got, want, ctx)
    alt = rule.make(ctx) if rule.make else None
    if alt is None or same(alt, want, rtol, atol):
        return None  # not applicable here, or indistinguishable from the right answer on this case
    return {} if same(got, alt, rtol, atol) else None


def same(a: Any, b: Any, rtol: float = 1e-4, atol: float = 1e-6) -> bool:
    """`close`, except that one-element values compare as numbers whatever their shape (a float, [x], [[x]])."""
    if close(a, b, rtol, atol):
        return True
    if a is None or b is None or is_list(a) or is_list(b):
        return False
    try:
        x, y = _arr(a), _arr(b)
    except (TypeError, ValueError):
        return False
    return x.size == 1 and y.size == 1 and bool(np.isclose(x.ravel()[0], y.ravel()[0], rtol=rtol, atol=atol))


def _code(rule: Transformation, static: StaticFacts | None, ctx: Context):
    if rule.code is None or static is None or not static.parsed:
        return None
    try:
        return rule.code(static, ctx)
    except Exception:
        log.exception("code hint of %s failed", rule.id)
        return None


def _finding(rule, fields, hint, ctx, got, want, what, what_en) -> Finding:
    values = {k: _fmt(v) if isinstance(v, (int, float, np.floating, np.integer)) else v
              for k, v in ctx.items() if not k.startswith("__") and isinstance(v, (int, float, str, np.floating,
                                                                                   np.integer))}
    values.update(what=what, what_en=what_en, got=_short(got), want=_short(want))
    if rule.fields:
        values.update(rule.fields(ctx))
    values.update(fields)
    ko, en = rule.ko.format(**values), rule.en.format(**values)
    if hint:
        ko, en = f"{ko} {hint[0]}", f"{en} {hint[1]}"
    return Finding(rule.id, rule.family, ko, _cap(en))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text and text[0].isascii() else text


def _short(x: Any) -> str:
    if x is None:
        return "None"
    if is_list(x):
        return f"[{len(x)} items]"
    try:
        a = _arr(x)
    except (TypeError, ValueError):
        return str(x)[:40]
    return _fmt(a.reshape(())) if a.size == 1 else f"shape {a.shape}"


# ---- the generic fallback: which quantity differs and how ------------------------------------------------

def describe(got: Any, want: Any, *, what: str = "값", what_en: str = "the value",
             names: Sequence[str] | None = None, rtol: float = 1e-4, atol: float = 1e-6) -> tuple[str, str, str]:
    """(diagnosis id, ko, en) saying how `got` differs from `want`; the teaching fallback when nothing is named."""
    try:
        kind, ko, en = _describe(got, want, what, what_en, names, rtol, atol)
        return kind, ko, _cap(en)
    except Exception:
        log.exception("describing a difference failed")
        return ("wrong_value", f"{what}이(가) 기대값과 달라.", f"{what_en}: not the expected value.")


def _describe(got, want, what, what_en, names, rtol, atol) -> tuple[str, str, str]:
    if got is None:
        return ("returned_none", f"{what}이(가) None이야. 값이 와야 해: `return`이 빠졌거나 gradient가 끊겼는지 봐.",
                f"{what_en}: None where a value is due: a missing `return`, or a gradient that was cut?")
    if want is None:
        return ("unexpected_value", f"{what}은(는) None이어야 하는데 값이 왔어.", f"{what_en}: a value where None is due.")
    if is_list(got) and not is_list(want):
        return ("wrong_type", f"{what}은(는) 값 하나(또는 배열)여야 하는데 {len(got)}개짜리 리스트야.",
                f"{what_en} should be one value (or array), not a list of {len(got)}.")
    if not numeric(got):
        return ("wrong_type", f"{what}은(는) 숫자여야 하는데 {type(got).__name__}이(가) 왔어.",
                f"{what_en} should be numeric; got {type(got).__name__}.")
    if is_list(want):
        if not is_list(got):
            return ("wrong_type", f"{what}은(는) {len(want)}개짜리 리스트여야 해.",
                    f"{what_en} should be a list of {len(want)}.")
        if len(got) != len(want):
            return ("wrong_length", f"{what}에 {len(want)}개가 있어야 하는데 {len(got)}개야.",
                    f"{what_en} should have {len(want)} items, got {len(got)}.")
        labels = list(names) if names is not None and len(names) == len(want) else [f"#{i}" for i in range(len(want))]
        missing = [n for n, g, w in zip(labels, got, want) if g is None and w is not None]
        extra = [n for n, g, w in zip(labels, got, want) if g is not None and w is None]
        if missing:
            return ("missing_value", f"{what}: {_join(missing)} 자리에 값이 와야 하는데 None이야.",
                    f"{what_en}: {_join(missing)} should have a value but got None.")
        if extra:
            return ("unexpected_value", f"{what}: {_join(extra)} 자리는 None이어야 하는데 값이 왔어.",
                    f"{what_en}: {_join(extra)} should be None but got a value.")
        shapes = [n for n, g, w in zip(labels, got, want) if w is not None and _arr(g).shape != _arr(w).shape]
        if shapes:
            i = labels.index(shapes[0])
            return ("wrong_shape", f"{what}: {_join(shapes)}의 shape이 달라 (`{shapes[0]}`: 기대 {_arr(want[i]).shape}, "
                                   f"받은 값 {_arr(got[i]).shape}).",
                    f"{what_en}: the shape of {_join(shapes)} differs (`{shapes[0]}`: expected {_arr(want[i]).shape}, "
                    f"got {_arr(got[i]).shape}).")
        differ = [n for n, g, w in zip(labels, got, want) if w is not None and not close(g, w, rtol, atol)]
        flat_g = np.concatenate([np.ravel(_arr(g)) for g, w in zip(got, want) if w is not None] or [np.zeros(0)])
        flat_w = np.concatenate([np.ravel(_arr(w)) for w in want if w is not None] or [np.zeros(0)])
        how_ko, how_en = _how(flat_g, flat_w)
        return ("wrong_value", f"{what}: {_join(differ)}이(가) 기대값과 달라. {how_ko}".strip(),
                f"{what_en}: {_join(differ)} not as expected. {how_en}".strip())
    g, w = _arr(got), _arr(want)
    if g.shape != w.shape:
        return ("wrong_shape", f"{what}의 shape이 {w.shape}이어야 하는데 {g.shape}이야.",
                f"{what_en} should have shape {w.shape}, got {g.shape}.")
    how_ko, how_en = _how(np.ravel(g), np.ravel(w))
    return ("wrong_value", f"{what}이(가) 기대값과 달라. {how_ko}".strip(),
            f"{what_en}: not the expected value. {how_en}".strip())


def _how(g: np.ndarray, w: np.ndarray) -> tuple[str, str]:
    """A constant ratio, a flipped sign, or the largest difference: the shape of the error, in words."""
    if g.size == 0:
        return "", ""
    if not (np.all(np.isfinite(g))):
        return ("받은 값에 NaN이나 Inf가 있어: 0으로 나누거나 log(0)을 계산했는지 봐.",
                "Your values contain NaN or Inf: a division by zero or a log(0)?")
    ww = float(w @ w)
    if ww > 0:
        k = float(g @ w) / ww
        if abs(k) > 1e-9 and np.allclose(g, k * w, rtol=1e-4, atol=1e-6 + 1e-6 * np.max(np.abs(w))):
            if np.isclose(k, -1.0, rtol=1e-3):
                return ("크기는 맞는데 부호가 정반대야.", "The size is right but the sign is flipped.")
            return (f"모든 값이 기대값의 {k:.4g}배야: 어딘가에서 상수 하나를 더 곱했거나 빠뜨렸어.",
                    f"Every value is {k:.4g} times the expected one: a constant factor was multiplied in or left out.")
    i = int(np.argmax(np.abs(g - w)))
    if g.size == 1:
        return f"기대 {_fmt(w[0])}, 받은 값 {_fmt(g[0])}.", f"Expected {_fmt(w[0])}, got {_fmt(g[0])}."
    return (f"가장 크게 다른 곳(평탄화한 index {i}): 기대 {_fmt(w[i])}, 받은 값 {_fmt(g[i])}.",
            f"The largest difference (flattened index {i}): expected {_fmt(w[i])}, got {_fmt(g[i])}.")
