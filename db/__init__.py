"""Database layer: models, engine factory, migrations, race-proof writes and read queries."""
from db.engine import get_engine, make_engine, session_scope
from db.migrate import upgrade
from db.models import (
    AchievementAward,
    Base,
    Draft,
    Event,
    HintReveal,
    Learner,
    LessonCompletion,
    ProblemReport,
    SolutionReveal,
    Submission,
    XpAward,
)

__all__ = [
    "AchievementAward", "Base", "Draft", "Event", "HintReveal", "Learner", "LessonCompletion",
    "ProblemReport", "SolutionReveal", "Submission", "XpAward", "get_engine", "make_engine", "session_scope", "upgrade",
]
