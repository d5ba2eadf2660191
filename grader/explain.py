"""Errors the learner's run reported, told as the learner's mistake rather than as the grader's internals.

When the probe (not the learner's own line) trips over what the learner's function returned, the raw error
is TensorFlow's or the probe's ("Attempt to convert a value ((<tf.Tensor…>, …)) with an unsupported type
(<class 'tuple'>) to a Tensor"). The common ones are recognised here and said in the learner's terms.
"""
from __future__ import annotations

import ast
import re

from grader.messages import msg
from grader.static import facts

_UNSUPPORTED = re.compile(r"unsupported type \(<class '(?P<kind>[\w.]+)'>\)")
_NO_ATTRIBUTE = re.compile(r"module '(?:submission|__main__)' has no attribute '(?P<name>\w+)'")
_ARGUMENTS = re.compile(r"^(?P<name>\w+)\(\) (?:takes|missing|got an unexpected keyword)")
_NONE_ATTRIBUTE = re.compile(r"'NoneType' object (?:has no attribute|is not (?:iterable|subscriptable))")
_TUPLE_ATTRIBUTE = re.compile(r"'(?:tuple|list)' object has no attribute '(?:numpy|shape|dtype)'")
_NO_GRADIENTS = re.compile(r"No gradients provided for any variable")
_NUMPY_IN_GRAPH = re.compile(r"numpy\(\) is only available when eager execution is enabled|"
                             r"'(?:Symbolic)?Tensor' object has no attribute 'numpy'")


def learner_error(err: dict, lang: str, source: str) -> tuple[str, str] | None:
    """(diagnosis, message) for a recognised error, or None to tell it as it is."""
    message = str(err.get("message") or "")
    in_probe = not err.get("line")
    where = msg("where_line", lang, line=err["line"]) if err.get("line") else msg("where_none", lang)  # raised outside the learner's lines: by the probe, on what they returned
    m = _NO_ATTRIBUTE.search(message)
    if m and in_probe:
        return "missing_function", msg("missing_function", lang, name=m.group("name"))
    m = _ARGUMENTS.search(message)
    if m and in_probe and err.get("type") == "TypeError":
        return "wrong_signature", msg("wrong_signature", lang, name=m.group("name"))
    if _NO_GRADIENTS.search(message):
        return "no_gradients", msg("no_gradients", lang, where=where)
    if _NUMPY_IN_GRAPH.search(message):
        return "numpy_in_graph", msg("numpy_in_graph", lang, where=where)
    if not in_probe:
        return None
    m = _UNSUPPORTED.search(message)
    kind = m.group("kind") if m else None
    if kind in ("tuple", "list") or _TUPLE_ATTRIBUTE.search(message):
        if _returns_pair_with_gradient(source):
            return "forgot_custom_gradient", msg("forgot_custom_gradient", lang)
        return "returned_tuple", msg("returned_tuple", lang)
    if kind == "NoneType" or _NONE_ATTRIBUTE.search(message):
        return "returned_none", msg("returned_none_value", lang)
    return None


def _returns_pair_with_gradient(source: str) -> bool:
    """A function that returns `(value, grad_fn)` with no `@tf.custom_gradient` above it."""
    static = facts(source)
    if not static.parsed:
        return False
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return False
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or static.decorated("custom_gradient", node.name):
            continue
        inner = {n.name for n in node.body if isinstance(n, ast.FunctionDef)}
        for ret in (n for n in ast.walk(node) if isinstance(n, ast.Return)):
            value = ret.value
            if isinstance(value, ast.Tuple) and len(value.elts) == 2:
                second = value.elts[1]
                if isinstance(second, ast.Lambda) or (isinstance(second, ast.Name) and second.id in inner):
                    return True
    return False
