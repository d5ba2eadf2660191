"""Typed grading results; JSON only at the edge (modelled on Exercism's results.json v3 and PrairieLearn)."""
from __future__ import annotations

import enum
import json
from dataclasses import asdict, dataclass, field
from typing import Any


class Status(str, enum.Enum):
    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"
    TIMEOUT = "timeout"
    MEMORY = "memory"


@dataclass
class TestResult:
    name: str
    status: str  # pass | fail | error
    message: str = ""
    output: str = ""
    points: float = 0.0
    max_points: float = 0.0
    diagnosis: str | None = None


@dataclass
class Diagnosis:
    id: str
    message: str
    generic: bool = False  # only says how a value differs (the fallback), rather than naming a mistake


@dataclass
class GradeResult:
    exercise_id: str
    status: Status
    gradable: bool
    score: float
    message: str
    mode: str = "grade"  # grade | run
    tests: list[TestResult] = field(default_factory=list)
    diagnoses: list[Diagnosis] = field(default_factory=list)
    seed: int | None = None
    duration_ms: float = 0.0
    output: str = ""
    output_truncated: bool = False
    charts: list[dict] = field(default_factory=list)
    protections_missing: list[str] = field(default_factory=list)
    version: int = 3

    @property
    def passed(self) -> bool:
        return self.status is Status.PASS

    def diagnosis_ids(self) -> list[str]:
        return [d.id for d in self.diagnoses]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.value
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "GradeResult":
        data = dict(data)
        data["status"] = Status(data["status"])
        data["tests"] = [TestResult(**t) for t in data.get("tests", [])]
        data["diagnoses"] = [Diagnosis(**d) for d in data.get("diagnoses", [])]
        return cls(**data)
