"""Every exercise chart can speak the page's language: a Korean series label comes with its English one."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HANGUL = re.compile("[\uac00-\ud7a3\u3131-\u318e]")
CHECKS = sorted(p for p in (REPO / "exercises").glob("*/checks.py") if "def charts" in p.read_text(encoding="utf-8"))


def _korean_rows_without_english(path: Path) -> list[int]:
    """Lines of chart rows ({"series": ...}) whose series text holds Hangul but that give no "series_en"."""
    missing = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Dict):
            continue
        keys = {k.value: v for k, v in zip(node.keys, node.values) if isinstance(k, ast.Constant)}
        if "series" in keys and HANGUL.search(ast.unparse(keys["series"])) and "series_en" not in keys:
            missing.append(node.lineno)
    return missing


def test_there_are_charts_to_check():
    assert len(CHECKS) >= 10


@pytest.mark.parametrize("path", CHECKS, ids=lambda p: p.parent.name)
def test_a_korean_series_label_has_an_english_one(path):
    missing = _korean_rows_without_english(path)
    assert not missing, f"{path.relative_to(REPO)}: lines {missing} need \"series_en\" (the English page shows it)"


def test_the_rule_finds_a_row_in_both_languages_at_once(tmp_path):
    bad = tmp_path / "checks.py"
    bad.write_text('def charts(t):\n    return [{"rows": [{"group": "w", "series": "내 코드 / yours", "value": 1}]}]\n')
    assert _korean_rows_without_english(bad) == [2]
