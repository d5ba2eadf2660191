"""The one way to load UI strings: locales/<lang>.yaml flattened to dotted keys ("lesson.mark_complete").

The Streamlit pages ask through ui.i18n.t (the learner's language from the session); code without a session,
such as a grading worker writing a message into a stored verdict, asks `text(lang, key)` here.
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

import yaml

LANGS = ("ko", "en")
DEFAULT_LANG = "ko"
LOCALES_DIR = Path(__file__).resolve().parent


def _flatten(tree: Mapping, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for name, value in tree.items():
        key = f"{prefix}{name}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{key}."))
        else:
            flat[key] = str(value)
    return flat


@functools.cache
def strings(lang: str) -> dict[str, str]:
    """Every string of one locale file, keyed like "lesson.mark_complete"."""
    with (LOCALES_DIR / f"{lang}.yaml").open(encoding="utf-8") as fh:
        return _flatten(yaml.safe_load(fh) or {})


def _lookup(lang: str, key: str, count: object) -> str | None:
    table = strings(lang)
    if key in table:
        return table[key]
    # A plural string is a mapping {one: …, other: …} (English); Korean writes one form, `other`.
    if isinstance(count, int | float) and not isinstance(count, bool) and count == 1 and f"{key}.one" in table:
        return table[f"{key}.one"]
    return table.get(f"{key}.other")


def text(lang: str, key: str, **kwargs: object) -> str:
    """The string for `key` in `lang` (Korean when that language lacks it, the key itself when both do),
    formatted with kwargs. A key whose value is {one: …, other: …} picks its form by the `count` argument."""
    lang = lang if lang in LANGS else DEFAULT_LANG
    count = kwargs.get("count")
    found = _lookup(lang, key, count) or _lookup(DEFAULT_LANG, key, count)
    if found is None:
        return key  # showing the key beats breaking the page; tests/ui/test_ui_i18n.py keeps this from shipping
    return found.format(**kwargs) if kwargs else found
