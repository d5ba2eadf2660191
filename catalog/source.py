"""Read a content file: split the YAML front matter from the body and remember the line of every key."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import BaseModel, ValidationError

from catalog.models import Problem

try:  # the C loader is several times faster; fall back where libyaml is missing
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

FENCES = ("---", "...")  # YAML's own document markers close the front matter


@dataclass(frozen=True)
class Source:
    """A parsed file. `lines` maps ("key",) or ("key", index_or_subkey) to the 1-based line in the file."""

    path: Path
    meta: dict[str, Any]
    body: str
    lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, loc: tuple) -> int:
        """The file line for a pydantic error location: the item, else its key, else the opening '---'."""
        for size in (2, 1):
            if len(loc) >= size and loc[:size] in self.lines:
                return self.lines[loc[:size]]
        return 1


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    try:
        return path.read_text(encoding="utf-8"), []
    except UnicodeDecodeError as error:
        return None, [Problem(path, 1, f"not UTF-8 text (byte {error.start}); save the file as UTF-8")]
    except OSError as error:
        return None, [Problem(path, 1, f"cannot read the file: {error.strerror or error}")]


def read_source(path: Path) -> tuple[Source | None, list[Problem]]:
    text, problems = read_text(path)
    if text is None:
        return None, problems
    return parse_source(path, text)


def parse_source(path: Path, text: str) -> tuple[Source | None, list[Problem]]:
    """Split `---` front matter from the body; None plus problems when the front matter is unusable."""
    text = text.removeprefix("\ufeff")
    first, _, rest = text.partition("\n")
    if first.rstrip() != "---":
        return None, [Problem(path, 1, "no front matter: the file must start with a line '---', "
                                       "then `key: value` lines, then another '---'")]
    yaml_lines: list[str] = []
    remaining = rest.split("\n")
    for index, line in enumerate(remaining):
        if line.rstrip() in FENCES:
            body = "\n".join(remaining[index + 1:])
            break
        yaml_lines.append(line)
    else:
        return None, [Problem(path, 1, "front matter is not closed: add a line '---' after the last key")]
    first_yaml_line = 2  # the line after the opening '---'
    yaml_text = "\n".join(yaml_lines)
    try:
        node, meta = _compose(yaml_text)
    except yaml.YAMLError as error:
        return None, [_yaml_problem(path, error, yaml_text, first_yaml_line, "bad YAML in front matter")]
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return None, [Problem(path, first_yaml_line, "front matter must be `key: value` lines")]
    lines, problems = _key_lines(node, path, first_yaml_line)
    if problems:
        return None, problems
    return Source(path, meta, _trim_body(body), lines), []


def read_yaml(path: Path) -> tuple[Source | None, list[Problem]]:
    """A plain YAML file (course.yaml) read like front matter, so its problems have lines too."""
    text, problems = read_text(path)
    if text is None:
        return None, problems
    text = text.removeprefix("\ufeff")
    try:
        node, data = _compose(text)
    except yaml.YAMLError as error:
        return None, [_yaml_problem(path, error, text, 1, "bad YAML")]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [Problem(path, 1, "must be `key: value` lines")]
    lines, problems = _key_lines(node, path, 1)
    if problems:
        return None, problems
    return Source(path, data, "", lines), []


def _yaml_problem(path: Path, error: yaml.YAMLError, text: str, first_line: int, label: str) -> Problem:
    """A YAML error at its line in the file (`first_line` is the file line of the YAML's first line)."""
    if not isinstance(error, yaml.MarkedYAMLError):
        return Problem(path, first_line, f"{label}: {error}")
    mark, context_mark = error.problem_mark, error.context_mark
    if context_mark is not None and (mark is None or mark.index >= len(text.rstrip())):
        mark = context_mark  # "hit the end of the file": where the unclosed bracket or quote opened says more
    line = first_line + mark.line if mark is not None else first_line
    message = error.problem or "not valid YAML"
    if error.context:
        starts = ""
        if context_mark is not None and context_mark.line != mark.line:
            starts = f" that starts on line {first_line + context_mark.line}"
        message += f" ({error.context}{starts})"
    return Problem(path, line, f"{label}: {message}")


def _compose(text: str) -> tuple[yaml.Node | None, Any]:
    # Compose then construct by hand: the node tree carries each key's line, the data is what safe_load gives.
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _key_lines(node: yaml.Node | None, path: Path, offset: int) -> tuple[dict[tuple, int], list[Problem]]:
    lines: dict[tuple, int] = {}
    problems: list[Problem] = []
    if not isinstance(node, yaml.MappingNode):
        return lines, problems
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
        line = key_node.start_mark.line + offset
        if (key,) in lines:  # PyYAML would silently keep the last one
            problems.append(Problem(path, line, f"`{key}` is set twice (first on line {lines[(key,)]})"))
            continue
        lines[(key,)] = line
        if isinstance(value_node, yaml.SequenceNode):
            for index, item in enumerate(value_node.value):
                lines[(key, index)] = item.start_mark.line + offset
        elif isinstance(value_node, yaml.MappingNode):
            for sub_key, _ in value_node.value:
                if isinstance(sub_key, yaml.ScalarNode):
                    lines[(key, sub_key.value)] = sub_key.start_mark.line + offset
    return lines, problems


def _trim_body(body: str) -> str:
    # Leading blank lines are layout, not content; indentation of the first real line is kept.
    lines = body.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    return "\n".join(lines[start:]).rstrip()


def validate(model: type[BaseModel], source: Source, extra_hint: str = "") -> tuple[Any | None, list[Problem]]:
    """Validate front matter with a pydantic model; each error becomes a Problem on the key's line."""
    try:
        return model.model_validate(source.meta), []
    except ValidationError as error:
        problems = [
            Problem(source.path, source.line_of(tuple(item["loc"])),
                    describe(item, _allowed_keys(model, item["loc"]), extra_hint))
            for item in error.errors()
        ]
        return None, sorted(set(problems))


def _allowed_keys(model: type[BaseModel], loc: tuple) -> str:
    """The keys allowed where an unknown key was found: the model's fields, or a nested model's."""
    for part in loc[:-1]:
        field = model.model_fields.get(part) if isinstance(part, str) else None
        annotation = field.annotation if field else None
        nested = [a for a in (annotation, *get_args(annotation)) if isinstance(a, type) and issubclass(a, BaseModel)]
        if not nested:
            return ""
        model = nested[0]
    return ", ".join(model.model_fields)


def describe(error: dict, allowed: str, extra_hint: str = "") -> str:
    """A pydantic error as a sentence an instructor understands."""
    name = _dotted(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    got = _shown(error.get("input"))
    if kind == "missing":
        return f"`{name}` is missing"
    if kind == "extra_forbidden":
        return extra_hint.format(name=name) if extra_hint else f"unknown key `{name}` (allowed: {allowed})"
    if kind == "string_type":
        return f"`{name}` must be text, not {got} (put it in quotes)"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"`{name}` must be a whole number, not {got}"
    if kind == "greater_than_equal":
        return f"`{name}` must be at least {ctx['ge']}, not {got}"
    if kind == "less_than_equal":
        return f"`{name}` must be at most {ctx['le']}, not {got}"
    if kind == "literal_error":
        return f"`{name}` must be one of {ctx['expected']}, not {got}"
    if kind in ("list_type", "tuple_type"):
        return f"`{name}` must be a list like [a, b], not {got}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"`{name}` must be `key: value` lines (like `ko: …`), not {got}"
    if kind == "string_pattern_mismatch":
        return f"`{name}` must be lowercase letters, digits and '-' (like tf-basics-01), not {got}"
    if kind == "string_too_short":
        return f"`{name}` must not be empty"
    return f"`{name}`: {error['msg']} (got {got})"


def _dotted(loc: tuple) -> str:
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "front matter"


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
