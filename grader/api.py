"""What an exercise's checks.py uses: Incorrect, @check, Trial, expect_effect and numpy-only comparison helpers.

Checks run in the judge, a process the learner's code never ran in, and must not import TensorFlow.
A check passes by returning and fails by raising Incorrect(diagnosis, ko_message, en=english_message).
`expect_effect` compares one quantity and, when it differs, lets the shared mistake analysis (grader.analysis)
name the known transformation that explains it, or says how it differs.
"""
from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import numpy as np

from grader import analysis
from grader.analysis import Transformation  # noqa: F401  (re-exported: checks.py declares its own with it)
from grader.static import StaticFacts, facts


class Incorrect(Exception):
    """A learner's mistake: a diagnosis id plus a message that says what was expected and what was given.

    `generic=True` marks a fallback that only says "it differs" (the engine then asks the mistake analysis
    for a named cause); `evidence` carries the compared quantities for that analysis.
    """

    def __init__(self, diagnosis: str, message: str, en: str | None = None, *, generic: bool = False,
                 evidence: "Evidence | None" = None) -> None:
        super().__init__(message)
        self.diagnosis = diagnosis
        self.messages = {"ko": message, "en": en or message}
        self.generic = generic
        self.evidence = evidence

    def message(self, lang: str) -> str:
        return self.messages.get(lang) or self.messages["ko"]


@dataclass(frozen=True)
class Evidence:
    """The quantity a generic failure compared, so the engine's mistake analysis can look at it again."""

    got: Any
    want: Any
    what: str
    what_en: str
    context: Mapping[str, Any] = field(default_factory=dict)
    names: Sequence[str] | None = None


@dataclass(frozen=True)
class CheckSpec:
    name: dict[str, str]
    points: float
    fn: Callable[["Trial"], None]
    families: tuple[str, ...] | None = None  # the mistake families for this check (None: checks.py's FAMILIES)


@dataclass(frozen=True)
class Trial:
    """One hidden case as the judge sees it: what the learner's code produced and what the reference did."""

    got: Any
    want: Any
    case: dict
    source: str
    index: int

    @property
    def static(self) -> StaticFacts:
        """What the learner's code calls and where (grader.static), parsed once per submission, never executed."""
        return facts(self.source)


@dataclass(frozen=True)
class Analysis:
    """What the judge knows while it runs one exercise's checks: its families, its own transformations, the trial."""

    families: tuple[str, ...] | None = None
    extra: tuple[Transformation, ...] = ()
    trial: Trial | None = None


_current: contextvars.ContextVar[Analysis] = contextvars.ContextVar("stream_analysis", default=Analysis())


@contextmanager
def analysing(families: Iterable[str] | None = None, extra: Iterable[Transformation] = (),
              trial: Trial | None = None) -> Iterator[Analysis]:
    """Run checks with these families/transformations (the engine does this with checks.py's FAMILIES)."""
    token = _current.set(Analysis(tuple(families) if families is not None else None, tuple(extra), trial))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def current_analysis() -> Analysis:
    return _current.get()


def check(name: str, points: float = 1, en: str | None = None, families: Iterable[str] | None = None) -> Callable:
    """Mark a function of `(t: Trial)` as a check worth `points`; `name` is Korean, `en` its English.

    `families` narrows the mistake analysis for this check (default: checks.py's FAMILIES, else all).
    """

    def mark(fn: Callable[[Trial], None]) -> Callable[[Trial], None]:
        fn.__stream_check__ = CheckSpec(name={"ko": name, "en": en or name}, points=float(points), fn=fn,
                                        families=tuple(families) if families is not None else None)
        return fn

    return mark


# ---- comparison helpers: each raises Incorrect with a message a learner can act on -------------------

def as_array(value: Any, what: str, what_en: str | None = None) -> np.ndarray:
    if value is None:
        raise Incorrect("returned_none", f"{what}이(가) None이야. 값을 return했는지 확인해 봐.",
                        en=f"{what_en or what} is None. Check that you return the value.")
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise Incorrect("wrong_type", f"{what}은(는) 숫자 배열이어야 해.",
                        en=f"{what_en or what} should be a numeric array.") from None


def expect_close(got: Any, want: Any, *, what: str, what_en: str | None = None, diagnosis: str = "wrong_value",
                 rtol: float = 1e-4, atol: float = 1e-5, hint: str = "", hint_en: str = "") -> None:
    """Tensors close within tolerance, with shape checked first and the largest difference named.

    Its failures are generic (they say only how the values differ): the engine asks the mistake analysis for a
    named cause and keeps this message when there is none.
    """
    g = as_array(got, what, what_en)
    w = np.asarray(want, dtype=np.float64)
    evidence = Evidence(got=got, want=want, what=what, what_en=what_en or what)
    if g.shape != w.shape:
        raise Incorrect("wrong_shape", f"{what}의 shape이 {w.shape}이어야 하는데 {g.shape}이야. {hint}".strip(),
                        en=f"{what_en or what} should have shape {w.shape}, got {g.shape}. {hint_en}".strip(),
                        generic=True, evidence=evidence)
    if not np.allclose(g, w, rtol=rtol, atol=atol, equal_nan=False):
        diff = np.abs(g - w)
        idx = np.unravel_index(int(np.nanargmax(np.where(np.isnan(diff), np.inf, diff))), diff.shape) if diff.size else ()
        at = f" (index {tuple(int(i) for i in idx)})" if diff.ndim else ""
        gv, wv = (g[idx], w[idx]) if diff.size else (g, w)
        raise Incorrect(diagnosis,
                        f"{what}이(가) 기대값과 달라{at}: 기대 {_fmt(wv)}, 받은 값 {_fmt(gv)}. {hint}".strip(),
                        en=f"{what_en or what} differs from the expected value{at}: expected {_fmt(wv)}, got {_fmt(gv)}. {hint_en}".strip(),
                        generic=True, evidence=evidence)


def expect_effect(got: Any, want: Any, *, what: str, what_en: str | None = None,
                  context: Mapping[str, Any] | None = None, families: Iterable[str] | None = None,
                  extra: Iterable[Transformation] = (), names: Sequence[str] | None = None,
                  diagnosis: str | None = None, rtol: float = 1e-4, atol: float = 1e-6) -> None:
    """Pass when `got` matches `want` (arrays, numbers, or lists of them with None allowed); otherwise raise Incorrect.

    On a difference the mistake analysis tries the known transformations of `context`'s reference quantities
    (the families given here, else checks.py's FAMILIES, else all) and raises the first that reproduces `got`,
    with its diagnosis id and a message that names what was done and what to do. If none does, the generic
    fallback (diagnosis `diagnosis`, default: how it differs, e.g. `wrong_value`) says which quantity differs
    and how: a constant ratio, the sign, the shape, which entries of `names`, None where a value is due.
    """
    if analysis.same(got, want, rtol, atol):
        return
    now = _current.get()
    fams = tuple(families) if families is not None else now.families
    rules = tuple(extra) + now.extra
    static = now.trial.static if now.trial is not None else None
    ctx = {"names": names, **(context or {})} if names is not None else dict(context or {})
    finding = analysis.diagnose(got, want, context=ctx, families=fams, extra=rules, static=static, what=what,
                                what_en=what_en or what, rtol=rtol, atol=atol)
    if finding is not None:
        raise Incorrect(finding.id, finding.ko, en=finding.en)
    kind, ko, en = analysis.describe(got, want, what=what, what_en=what_en or what, names=names, rtol=rtol, atol=atol)
    raise Incorrect(diagnosis or kind, ko, en=en, generic=True)


def expect_same_structure(got: Sequence | None, want: Sequence, *, what: str, what_en: str | None = None) -> None:
    if not isinstance(got, (list, tuple)):
        raise Incorrect("wrong_type", f"{what}은(는) 리스트여야 해 ({len(want)}개).",
                        en=f"{what_en or what} should be a list ({len(want)} items).")
    if len(got) != len(want):
        raise Incorrect("wrong_length", f"{what}에 {len(want)}개가 있어야 하는데 {len(got)}개야.",
                        en=f"{what_en or what} should have {len(want)} items, got {len(got)}.")


def global_norm(tensors: Sequence[Any]) -> float:
    """sqrt of the sum of squares over every tensor: what tf.clip_by_global_norm measures."""
    return float(np.sqrt(sum(float(np.sum(np.square(np.asarray(t, dtype=np.float64)))) for t in tensors if t is not None)))


def clip_global(tensors: Sequence[Any], clip_norm: float) -> list[np.ndarray]:
    """The numpy twin of tf.clip_by_global_norm, for building the alternative a mistake would give."""
    norm = global_norm(tensors)
    scale = clip_norm / max(norm, clip_norm)
    return [np.asarray(t, dtype=np.float64) * scale for t in tensors]


def clip_each(tensors: Sequence[Any], clip_norm: float) -> list[np.ndarray]:
    """The numpy twin of tf.clip_by_norm applied to each tensor separately (Keras `clipnorm`)."""
    out = []
    for t in tensors:
        a = np.asarray(t, dtype=np.float64)
        n = float(np.sqrt(np.sum(a * a)))
        out.append(a * (clip_norm / max(n, clip_norm)))
    return out


def all_close(a: Sequence[Any], b: Sequence[Any], rtol: float = 1e-4, atol: float = 1e-5) -> bool:
    """True when two lists of tensors match element by element (for recognising a known mistake)."""
    if a is None or b is None or len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if (x is None) != (y is None):
            return False
        if x is None:
            continue
        x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        if x.shape != y.shape or not np.allclose(x, y, rtol=rtol, atol=atol):
            return False
    return True


def expect_norm_at_most(tensors: Sequence[Any], threshold: float, *, what: str, what_en: str | None = None,
                        diagnosis: str = "norm_too_large", tol: float = 1e-4) -> None:
    norm = global_norm(tensors)
    if norm > threshold * (1 + tol) + 1e-6:
        raise Incorrect(diagnosis, f"{what}의 global norm이 {threshold:g} 이하여야 하는데 {norm:.4g}이야.",
                        en=f"The global norm of {what_en or what} should be at most {threshold:g}, got {norm:.4g}.")


def expect_direction_preserved(clipped: Sequence[Any], original: Sequence[Any], *, what: str,
                               what_en: str | None = None, diagnosis: str = "direction_changed") -> None:
    """Clipping by global norm only rescales: the concatenated gradient keeps its direction."""
    a = np.concatenate([np.ravel(np.asarray(t, dtype=np.float64)) for t in clipped])
    b = np.concatenate([np.ravel(np.asarray(t, dtype=np.float64)) for t in original])
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    if na == 0 or nb == 0:
        return
    cos = float(a @ b / (na * nb))
    if cos < 1 - 1e-5:
        raise Incorrect(diagnosis, f"{what}의 방향이 바뀌었어 (cosine {cos:.4f}). global norm clipping은 크기만 줄여야 해.",
                        en=f"The direction of {what_en or what} changed (cosine {cos:.4f}). Global-norm clipping only rescales.")


def expect_zero_grads(grads: Sequence[Any], names: Sequence[str], *, what: str, what_en: str | None = None,
                      diagnosis: str = "gradient_leaks", allow_none: bool = True) -> None:
    """Every listed gradient is None (or all zeros): nothing flows into those variables."""
    for name, g in zip(names, grads):
        if g is None:
            if allow_none:
                continue
            raise Incorrect(diagnosis, f"{name}의 gradient가 None이야 ({what}).", en=f"The gradient of {name} is None ({what_en or what}).")
        if float(np.max(np.abs(np.asarray(g, dtype=np.float64)))) > 1e-8:
            raise Incorrect(diagnosis, f"{what}: {name}에 gradient가 흘러 들어가고 있어 (norm {np.linalg.norm(g):.4g}).",
                            en=f"{what_en or what}: gradient flows into {name} (norm {np.linalg.norm(g):.4g}).")


def expect_nonzero_grads(grads: Sequence[Any], names: Sequence[str], *, what: str, what_en: str | None = None,
                         diagnosis: str = "gradient_blocked") -> None:
    """Every listed gradient exists and is not all zeros."""
    for name, g in zip(names, grads):
        if g is None or float(np.max(np.abs(np.asarray(g, dtype=np.float64)))) == 0.0:
            raise Incorrect(diagnosis, f"{what}: {name}의 gradient가 {'None' if g is None else '0'}이야. 이 변수는 학습돼야 해.",
                            en=f"{what_en or what}: the gradient of {name} is {'None' if g is None else 'zero'}; this variable must learn.")


def uses(source: str, dotted: str) -> bool:
    """Whether the learner's source calls `dotted` (e.g. "tf.clip_by_norm"), read from the syntax tree."""
    import ast

    target = dotted.split(".")[-1]
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
            if name == target:
                return True
    return False


def _fmt(value: Any) -> str:
    try:
        return f"{float(value):.6g}"
    except (TypeError, ValueError):
        return repr(value)
