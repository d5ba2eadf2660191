"""Pydantic models for front matter and course.yaml: the single definition of what each key may hold."""
from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from catalog.models import Difficulty, Status

# Strict: YAML `xp: true` or `order: "3"` is a mistake to report, not a value to coerce.
_STRICT = ConfigDict(extra="forbid", strict=True, frozen=True)

ContentId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(min_length=1)]


class LessonMeta(BaseModel):
    model_config = _STRICT
    id: ContentId
    title: Text
    order: Annotated[int, Field(ge=1)]
    status: Status = "published"
    tags: list[str] = []
    xp: Annotated[int, Field(ge=0)] = 10
    minutes: Annotated[int, Field(ge=1)] | None = None
    summary: str = ""
    exercises: list[ContentId] = []


class LessonTranslationMeta(BaseModel):
    model_config = _STRICT
    title: Text | None = None
    summary: str | None = None


class ExerciseMeta(BaseModel):
    model_config = _STRICT
    id: ContentId
    title: Text
    lesson: ContentId
    xp: Annotated[int, Field(ge=0)] = 20
    difficulty: Difficulty
    time_limit_s: Annotated[int, Field(ge=1, le=60)] = 10
    memory_mb: Annotated[int, Field(ge=256, le=4096)] = 1024
    hints: list[str] = []
    tags: list[str] = []


class ExerciseTranslationMeta(BaseModel):
    model_config = _STRICT
    title: Text | None = None
    hints: list[str] | None = None


class Localized(BaseModel):
    model_config = _STRICT
    ko: Text
    en: Text | None = None

    def as_dict(self) -> dict[str, str]:
        return {lang: text for lang, text in (("ko", self.ko), ("en", self.en)) if text is not None}


class CourseMeta(BaseModel):
    model_config = _STRICT
    id: ContentId | None = None
    title: Localized
    description: Localized
    order: int | None = None


TRANSLATION_ONLY = (
    "`{name}` cannot be set in a translation: structural keys come from the Korean file; "
    "a translation may set only title and summary"
)
EXERCISE_TRANSLATION_ONLY = (
    "`{name}` cannot be set in exercise.en.md: it comes from exercise.md; a translation may set only title and hints"
)
