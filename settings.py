"""One Settings object built from environment variables and .streamlit/secrets.toml, read once."""
from __future__ import annotations

import functools
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent


def _secrets() -> dict:
    path = REPO_ROOT / ".streamlit" / "secrets.toml"
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh).get("stream", {})


@dataclass(frozen=True)
class Settings:
    database_url: str
    lessons_dir: Path
    exercises_dir: Path
    data_dir: Path
    default_lang: str = "ko"
    grader_workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    grading_backend: str = "local"


def build_settings(env: dict[str, str] | None = None) -> Settings:
    """Environment wins over secrets.toml's [stream] table, which wins over defaults."""
    env = dict(os.environ if env is None else env)
    secrets = _secrets()

    def pick(name: str, default: str) -> str:
        return env.get(f"STREAM_{name.upper()}") or str(secrets.get(name, default))

    data_dir = Path(pick("data_dir", str(REPO_ROOT / "data")))
    return Settings(
        database_url=pick("database_url", f"sqlite:///{data_dir / 'stream.db'}"),
        lessons_dir=Path(pick("lessons_dir", str(REPO_ROOT / "lessons"))),
        exercises_dir=Path(pick("exercises_dir", str(REPO_ROOT / "exercises"))),
        data_dir=data_dir,
        default_lang=pick("default_lang", "ko"),
        grader_workers=max(1, int(pick("grader_workers", str(os.cpu_count() or 1)))),
        grading_backend=pick("grading_backend", "local"),
    )


@functools.cache
def get_settings() -> Settings:
    return build_settings()
