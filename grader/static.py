"""What the learner's code calls and where, read from its syntax tree: the judge's second channel, never executed.

Behaviour alone decides pass or fail. These facts only let a message point at the line that caused what the
numbers show ("`tf.clip_by_norm` inside the loop over the gradients on line 12").
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import lru_cache

_TEXT = 120  # characters of an expression kept for a message


@dataclass(frozen=True)
class Call:
    """One call in the learner's code."""

    name: str  # the called name's last part: "clip_by_norm"
    dotted: str  # as written: "tf.clip_by_norm", "tape.gradient", "optimizer.apply_gradients"
    line: int
    function: str | None  # the enclosing def, if any
    loop_lines: tuple[int, ...]  # lines of the enclosing for/while loops and comprehensions, outermost first
    loop_over: str | None  # source of the innermost enclosing loop's iterable ("grads", "zip(grads, vars)")
    args: tuple[str, ...]  # source of each positional argument (cut to 120 characters)
    keywords: tuple[str, ...]  # names of the keyword arguments
    in_with: tuple[str, ...]  # sources of the enclosing `with` items ("tf.GradientTape() as tape", "tape.stop_recording()")
    text: str = ""  # the whole call's source, cut to 120 characters ("(online * x).numpy()")

    @property
    def in_loop(self) -> bool:
        return bool(self.loop_lines)


@dataclass(frozen=True)
class Assignment:
    """An attribute set in the learner's code, e.g. `layer.trainable = False` or `opt.global_clipnorm = 1.0`."""

    target: str  # "layer.trainable"
    attribute: str  # "trainable"
    value: str
    line: int
    function: str | None
    in_loop: bool


@dataclass(frozen=True)
class StaticFacts:
    """Every call, decorator and attribute assignment in one submission. `parsed` is False on a syntax error."""

    parsed: bool
    calls: tuple[Call, ...] = ()
    decorators: dict[str, tuple[str, ...]] = field(default_factory=dict)  # function name -> decorator dotted names
    assignments: tuple[Assignment, ...] = ()
    functions: tuple[str, ...] = ()

    def calls_to(self, name: str) -> list[Call]:
        """Calls to `name`, matched by its last part: "tf.clip_by_norm" finds `tf.clip_by_norm(...)` and an imported
        `clip_by_norm(...)`; "optimizer.apply_gradients" finds `opt.apply_gradients(...)` whatever the receiver's name."""
        last = name.split(".")[-1]
        return [c for c in self.calls if c.name == last]

    def uses(self, name: str) -> bool:
        return bool(self.calls_to(name))

    def count(self, name: str) -> int:
        return len(self.calls_to(name))

    def first(self, name: str) -> Call | None:
        found = self.calls_to(name)
        return found[0] if found else None

    def in_loop(self, name: str) -> list[Call]:
        """Calls to `name` made inside a for/while loop or a comprehension."""
        return [c for c in self.calls_to(name) if c.in_loop]

    def arguments_of(self, name: str) -> list[str]:
        """The first argument's source of every call to `name` (e.g. what is wrapped in `tf.stop_gradient`)."""
        return [c.args[0] for c in self.calls_to(name) if c.args]

    def decorated(self, decorator: str, function: str | None = None) -> bool:
        """Whether `function` (or any function) carries `decorator` ("tf.custom_gradient" or "custom_gradient")."""
        last = decorator.split(".")[-1]
        items = [self.decorators.get(function, ())] if function else list(self.decorators.values())
        return any(d == decorator or d.split(".")[-1] == last for ds in items for d in ds)

    def sets(self, attribute: str) -> list[Assignment]:
        """Assignments to an attribute named `attribute` (e.g. "trainable", "global_clipnorm")."""
        return [a for a in self.assignments if a.attribute == attribute]

    def inside_with(self, name: str, with_item: str) -> list[Call]:
        """Calls to `name` made under a `with` whose item mentions `with_item` (e.g. "stop_recording")."""
        return [c for c in self.calls_to(name) if any(with_item in w for w in c.in_with)]


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else node.attr
    if isinstance(node, ast.Call):
        return _dotted(node.func)
    if isinstance(node, ast.Subscript):
        inner = _dotted(node.value)
        return f"{inner}[]" if inner else ""
    return ""


def _src(source: str, node: ast.AST) -> str:
    text = ast.get_source_segment(source, node) or ""
    text = " ".join(text.split())
    return text if len(text) <= _TEXT else text[:_TEXT - 1] + "…"


class _Collector(ast.NodeVisitor):
    def __init__(self, source: str) -> None:
        self.source = source
        self.calls: list[Call] = []
        self.assignments: list[Assignment] = []
        self.decorators: dict[str, tuple[str, ...]] = {}
        self.functions: list[str] = []
        self._function: list[str] = []
        self._loops: list[tuple[int, str | None]] = []
        self._withs: list[str] = []

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.functions.append(node.name)
        self.decorators[node.name] = tuple(_dotted(d) for d in node.decorator_list)
        for d in node.decorator_list:
            self.visit(d)
        self._function.append(node.name)
        saved, self._loops = self._loops, []  # a loop around a def does not run the def's body in a loop
        for stmt in node.body:
            self.visit(stmt)
        self._loops = saved
        self._function.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def _loop(self, node: ast.AST, iterable: ast.AST | None, body: list[ast.AST]) -> None:
        if iterable is not None:
            self.visit(iterable)
        self._loops.append((node.lineno, _src(self.source, iterable) if iterable is not None else None))
        for stmt in body:
            self.visit(stmt)
        self._loops.pop()

    def visit_For(self, node: ast.For) -> None:
        self._loop(node, node.iter, [node.target, *node.body])
        for stmt in node.orelse:
            self.visit(stmt)

    visit_AsyncFor = visit_For

    def visit_While(self, node: ast.While) -> None:
        self._loop(node, None, [node.test, *node.body])
        for stmt in node.orelse:
            self.visit(stmt)

    def _comprehension(self, node: ast.AST) -> None:
        gens = node.generators
        for g in gens:
            self.visit(g.iter)
        self._loops.append((node.lineno, _src(self.source, gens[0].iter)))
        for g in gens:
            for cond in g.ifs:
                self.visit(cond)
        for part in ("elt", "key", "value"):
            if hasattr(node, part):
                self.visit(getattr(node, part))
        self._loops.pop()

    visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = _comprehension

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        items = [_src(self.source, item.context_expr)
                 + (f" as {_src(self.source, item.optional_vars)}" if item.optional_vars is not None else "")
                 for item in node.items]
        for item in node.items:
            self.visit(item.context_expr)
        self._withs.extend(items)
        for stmt in node.body:
            self.visit(stmt)
        del self._withs[len(self._withs) - len(items):]

    visit_AsyncWith = visit_With

    def visit_Call(self, node: ast.Call) -> None:
        dotted = _dotted(node.func)
        if dotted:
            self.calls.append(Call(
                name=dotted.split(".")[-1], dotted=dotted, line=node.lineno,
                function=self._function[-1] if self._function else None,
                loop_lines=tuple(line for line, _ in self._loops),
                loop_over=self._loops[-1][1] if self._loops else None,
                args=tuple(_src(self.source, a) for a in node.args),
                keywords=tuple(k.arg for k in node.keywords if k.arg),
                in_with=tuple(self._withs), text=_src(self.source, node)))
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            if isinstance(target, ast.Attribute):
                self.assignments.append(Assignment(
                    target=_dotted(target), attribute=target.attr, value=_src(self.source, node.value),
                    line=node.lineno, function=self._function[-1] if self._function else None,
                    in_loop=bool(self._loops)))
        self.generic_visit(node)


@lru_cache(maxsize=128)
def facts(source: str) -> StaticFacts:
    """The static facts of one submission (cached by its text). Never raises: unparsable code gives parsed=False."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return StaticFacts(parsed=False)
    collector = _Collector(source)
    try:
        collector.visit(tree)
    except RecursionError:
        return StaticFacts(parsed=False)
    return StaticFacts(parsed=True, calls=tuple(collector.calls), decorators=dict(collector.decorators),
                       assignments=tuple(collector.assignments), functions=tuple(collector.functions))
