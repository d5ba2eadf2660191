"""Levels from total XP: 100 XP per level, starting at Level 0."""
from __future__ import annotations

from dataclasses import dataclass

XP_PER_LEVEL = 100


@dataclass(frozen=True)
class LevelProgress:
    level: int
    xp_total: int
    xp_into_level: int
    xp_to_next: int

    @property
    def fraction(self) -> float:
        return self.xp_into_level / XP_PER_LEVEL


def level_progress(xp_total: int) -> LevelProgress:
    """Level N with N = total // 100; negative totals (never expected) clamp to zero."""
    xp = max(0, int(xp_total))
    into = xp % XP_PER_LEVEL
    return LevelProgress(level=xp // XP_PER_LEVEL, xp_total=xp, xp_into_level=into, xp_to_next=XP_PER_LEVEL - into)
