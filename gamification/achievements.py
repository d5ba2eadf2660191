"""The achievements defined in achievements.yaml: loaded and checked at import, evaluated on a Summary."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

from .conditions import CONDITION_TYPES, Facts, condition_problem
from .events import Context, Event, as_zone, require_aware
from .levels import level_progress
from .summary import Summary

ACHIEVEMENTS_FILE = Path(__file__).with_name("achievements.yaml")
LANGS = ("ko", "en")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class Tier(str, Enum):
    BRONZE = "bronze"
    SILVER = "silver"
    GOLD = "gold"


class AchievementDataError(ValueError):
    """The achievements file is wrong; the message reads `file:line: achievement 'id': problem`."""


@dataclass(frozen=True)
class Achievement:
    id: str
    icon: str
    name: Mapping[str, str]
    description: Mapping[str, str]
    tier: Tier
    condition: Mapping[str, Any]


@dataclass(frozen=True)
class AchievementStatus:
    id: str
    unlocked: bool
    progress: int  # capped at target, so the bar never overflows
    target: int
    label: str  # "3/7"


def load_achievements(path: Path = ACHIEVEMENTS_FILE) -> tuple[Achievement, ...]:
    """Parse and validate the file; the first problem raises AchievementDataError naming the achievement."""
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.safe_load(text)
        lines = _entry_lines(yaml.compose(text))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise AchievementDataError(f"{path}:{line}: not valid YAML: {getattr(err, 'problem', err)}") from None
    entries = root.get("achievements") if isinstance(root, dict) else None
    if not isinstance(entries, list):
        raise AchievementDataError(f"{path}:1: expected a top-level 'achievements:' list")

    loaded: list[Achievement] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        line = lines[index] if index < len(lines) else 1
        ident = entry.get("id") if isinstance(entry, dict) else None
        who = f"achievement {ident!r}" if ident else f"achievement #{index + 1}"
        problem = _entry_problem(entry, seen)
        if problem:
            raise AchievementDataError(f"{path}:{line}: {who}: {problem}")
        seen.add(ident)
        loaded.append(Achievement(
            id=ident, icon=entry["icon"], name=dict(entry["name"]), description=dict(entry["description"]),
            tier=Tier(entry["tier"]), condition=dict(entry["condition"]),
        ))
    return tuple(loaded)


def _entry_lines(node: yaml.Node | None) -> list[int]:
    """1-based line of each entry, so an error points the editor at the right place."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "achievements" and isinstance(value, yaml.SequenceNode):
                return [item.start_mark.line + 1 for item in value.value]
    return []


def _entry_problem(entry: Any, seen: set[str]) -> str | None:
    if not isinstance(entry, dict):
        return "each entry must be a mapping"
    missing = [k for k in ("id", "icon", "name", "description", "tier", "condition") if k not in entry]
    if missing:
        return f"missing {', '.join(missing)}"
    if not isinstance(entry["id"], str) or not _ID.match(entry["id"]):
        return "id must be snake_case letters, digits and underscores"
    if entry["id"] in seen:
        return "duplicate id"
    if not isinstance(entry["icon"], str) or not entry["icon"].strip():
        return "icon must be a non-empty string (an emoji)"
    for field in ("name", "description"):
        texts = entry[field]
        if not isinstance(texts, dict) or any(not isinstance(texts.get(lang), str) or not texts[lang].strip()
                                              for lang in LANGS):
            return f"{field} needs non-empty text for {' and '.join(LANGS)}"
    if entry["tier"] not in {tier.value for tier in Tier}:
        return f"tier must be one of {', '.join(t.value for t in Tier)}, got {entry['tier']!r}"
    return condition_problem(entry["condition"])


ACHIEVEMENTS: tuple[Achievement, ...] = load_achievements()


def evaluate(events: Iterable[Event] | Summary, context: Context, now: datetime, tz: str | tzinfo,
             xp_total: int | None = None, achievements: Iterable[Achievement] = ACHIEVEMENTS,
             ) -> list[AchievementStatus]:
    """Status of every achievement. Pass a Summary kept up to date with `add` to skip re-reading history;
    leave xp_total None to use the XP the rules compute from the events."""
    zone = as_zone(tz)
    if isinstance(events, Summary):
        summary = events
        if summary.tz != zone:
            raise ValueError(f"summary was built for time zone {summary.tz}, not {zone}")
    else:
        summary = Summary.from_events(events, context, zone)
    total = summary.xp_total if xp_total is None else xp_total
    facts = Facts(context=context, now=require_aware(now), level=level_progress(total).level)

    statuses = []
    for achievement in achievements:
        condition = achievement.condition
        progress, target = CONDITION_TYPES[condition["type"]].measure(summary, condition, facts)
        shown = min(progress, target)
        statuses.append(AchievementStatus(
            id=achievement.id, unlocked=target > 0 and progress >= target,
            progress=shown, target=target, label=f"{shown}/{target}",
        ))
    return statuses


def newly_unlocked(statuses: Iterable[AchievementStatus], already_awarded_ids: Iterable[str]) -> list[str]:
    """Ids to award now, in definition order; the database's unique key still guards against a race."""
    already = set(already_awarded_ids)
    return [status.id for status in statuses if status.unlocked and status.id not in already]
