"""One Settings object built from environment variables and .streamlit/secrets.toml, read once."""
from __future__ import annotations

import functools
import os
import secrets
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


LOCAL_PROFILES = ("machine", "browser")
GRADING_BACKENDS = ("local", "queue")  # services/grading.py: the warm pool in the app, or Dramatiq workers


@dataclass(frozen=True)
class Settings:
    database_url: str
    lessons_dir: Path
    exercises_dir: Path
    data_dir: Path
    default_lang: str = "ko"
    grader_workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    grading_backend: str = "local"
    # Queue backend (services/grading_queue.py): env STREAM_BROKER_URL, redis://host:6379/0 or
    # amqp://user:pass@host:5672/ ; env STREAM_GRADING_QUEUE names the queue (tests use their own).
    broker_url: str = "redis://127.0.0.1:6379/0"
    grading_queue: str = "grading"
    # Queue backend: a row no live worker holds is sent again after this long (the worker's sweeper;
    # env STREAM_GRADING_GRACE_S). Longer than a normal wait in line, or busy queues get duplicate messages.
    grading_grace_s: float = 60.0
    # Signs the "stay signed in" cookie (env STREAM_COOKIE_SECRET or [stream] cookie_secret); empty means
    # cookie_secret() makes one once and keeps it in data_dir/cookie_secret.
    cookie_secret: str = ""
    # Where progress lives before signing in (env STREAM_LOCAL_PROFILE): "machine" (a laptop: one local profile
    # for this database) or "browser" (a shared server: each browser gets its own, kept by a signed cookie).
    local_profile: str = "machine"


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
        grading_backend=_one_of("grading_backend", pick("grading_backend", "local"), GRADING_BACKENDS),
        broker_url=pick("broker_url", "redis://127.0.0.1:6379/0"),
        grading_queue=pick("grading_queue", "grading"),
        grading_grace_s=float(pick("grading_grace_s", "60")),
        cookie_secret=pick("cookie_secret", ""),
        local_profile=_one_of("local_profile", pick("local_profile", "machine"), LOCAL_PROFILES),
    )


def _one_of(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(f"setting {name} (env STREAM_{name.upper()}) must be one of {', '.join(allowed)}; got {value!r}")
    return value


def cookie_secret(settings: Settings) -> str:
    """The configured secret, else one generated on first use and kept (0600) in data_dir/cookie_secret, so
    sign-ins survive a restart without anyone configuring anything."""
    if settings.cookie_secret:
        return settings.cookie_secret
    path = settings.data_dir / "cookie_secret"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: two processes starting at once cannot each write a different secret.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="utf-8").strip()


@functools.cache
def get_settings() -> Settings:
    return build_settings()
