"""UI strings from locales/<lang>.yaml, looked up by dotted key in the learner's language."""
from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

import streamlit as st
import yaml

LANGS = ("ko", "en")
DEFAULT_LANG = "ko"
LOCALES_DIR = Path(__file__).resolve().parents[1] / "locales"


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


def current_lang() -> str:
    lang = st.session_state.get("lang", DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, **kwargs: object) -> str:
    """The string for `key` in the current language, formatted with kwargs."""
    text = strings(current_lang()).get(key) or strings(DEFAULT_LANG).get(key)
    if text is None:
        # Showing the key beats breaking the page; tests/ui/test_i18n.py keeps this from shipping.
        return key
    return text.format(**kwargs) if kwargs else text

