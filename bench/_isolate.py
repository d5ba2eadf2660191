"""Imported first by every bench script. Run as `python bench/x.py`, Python puts bench/ first on sys.path, where
bench/queue.py (the queue benchmark, named by issue 8) would shadow the standard library's `queue`, which
Streamlit, psycopg and the grader import; the repository root takes that place instead."""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [str(HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]
