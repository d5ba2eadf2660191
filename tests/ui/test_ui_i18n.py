"""Locale files agree with each other and with the keys the code asks for."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from ui.i18n import LANGS, strings

REPO = Path(__file__).resolve().parents[2]
# t("a.b") or t('a.b', …): every lookup in ui/ and app.py uses a literal key, so a regex finds them all.
T_CALL = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']""")


def used_keys() -> set[str]:
    files = [REPO / "app.py", *sorted((REPO / "ui").rglob("*.py"))]
    return {key for path in files for key in T_CALL.findall(path.read_text(encoding="utf-8"))}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _lookup_keys(lang: str) -> set[str]:
    """What t() can answer: plain keys, and plural keys by their name (`x` for `x.one` / `x.other`)."""
    return {key.removesuffix(".other").removesuffix(".one") for key in strings(lang)}


def test_both_locales_have_the_same_keys():
    ko, en = _lookup_keys("ko"), _lookup_keys("en")
    assert sorted(ko - en) == [] and sorted(en - ko) == []


def test_a_plural_string_has_its_other_form_in_every_language():
    for lang in LANGS:
        table = strings(lang)
        assert [k for k in table if k.endswith(".one") and k.removesuffix(".one") + ".other" not in table] == [], lang


def test_every_key_used_in_the_ui_exists():
    keys = used_keys()
    assert len(keys) > 30  # the scan really found the calls
    for lang in LANGS:
        assert sorted(keys - _lookup_keys(lang)) == [], lang


@pytest.mark.parametrize("key", sorted(strings("ko")))
def test_placeholders_match_between_languages(key):
    # `count` may only choose a plural form ("1 point", "2 points") without being shown, so it is left aside.
    en = strings("en")
    base = key.removesuffix(".other")
    forms = [en[k] for k in (base, f"{base}.one", f"{base}.other") if k in en]
    assert forms
    for form in forms:
        assert placeholders(strings("ko")[key]) - {"count"} == placeholders(form) - {"count"}, form


def _literal_words(node: ast.expr) -> str:
    """The letters a string argument carries of its own: a literal, or an f-string's fixed parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value for part in node.values if isinstance(part, ast.Constant))
    return ""


# st.* calls whose first argument is text the learner reads (st.html / st.code / st.page_link take other things).
SHOWS_FIRST_ARG = {
    "title", "header", "subheader", "markdown", "caption", "text", "write", "info", "warning", "error",
    "success", "toast", "button", "expander", "metric", "text_input", "text_area", "multiselect", "selectbox",
    "radio", "segmented_control", "pills", "checkbox", "toggle", "download_button", "link_button",
    "form_submit_button", "spinner", "status", "number_input", "slider", "popover",
}


def test_no_hard_coded_text_in_pages():
    """The UI hands st.* only t(...) results and content, never words of its own."""
    for path in [REPO / "app.py", *sorted((REPO / "ui").rglob("*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
                continue
            owner = call.func.value
            if not (isinstance(owner, ast.Name) and owner.id in ("st", "sidebar", "column", "container")):
                continue
            shown = call.args[:1] if call.func.attr in SHOWS_FIRST_ARG else []
            shown += [kw.value for kw in call.keywords if kw.arg in ("label", "help", "text", "placeholder")]
            for arg in shown:
                words = re.sub(r"[^\w]|[\d_]", "", _literal_words(arg))
                assert not words, f"{path.name}:{call.lineno}: st.{call.func.attr} gets hard-coded text {words!r}"


def test_english_counts_read_as_english():
    from locales import text

    assert text("en", "exercise.attempts", count=1) == "1 graded attempt"
    assert text("en", "exercise.attempts", count=2) == "2 graded attempts"
    assert text("en", "exercise.points", got="0", max="1", count=1.0) == "0/1 point"
    assert text("en", "profile.streak_days", count=1) == "1 day"
    assert text("ko", "profile.streak_days", count=1) == "1일"
    assert [k for k, v in strings("en").items() if "(s)" in v] == []  # "check(s)", "attempt(s)" are gone


# A particle glued to a name or number ("{name} 으로", "레벨 {level}이에요") is right for only some values:
# 로/으로, 이/가, 을/를, 은/는, 과/와, 예요/이에요 depend on the last syllable. Say it without one instead.
PARTICLE_AFTER_VALUE = re.compile(r"(?<!\()\{[a-z_]+\}\)?\**\)?\s?(으로|로|을|를|이|가|은|는|과|와|이에요|예요|이야|야)(?![가-힣])")


def test_korean_strings_glue_no_particle_to_a_value():
    glued = {key: text for key, text in strings("ko").items() if PARTICLE_AFTER_VALUE.search(text)}
    assert glued == {}


def test_the_particle_rule_catches_what_it_should():
    assert PARTICLE_AFTER_VALUE.search("**{name}** (@{username}) 으로 로그인했어요")
    assert PARTICLE_AFTER_VALUE.search("레벨 {level}이에요")
    assert not PARTICLE_AFTER_VALUE.search("날짜({when})가 있어요")  # the particle belongs to 날짜
    assert not PARTICLE_AFTER_VALUE.search("레벨 {level}에 올랐어요")
