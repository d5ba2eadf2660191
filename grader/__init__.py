"""The TensorFlow autograder. Importing this package never imports TensorFlow."""
from grader.pool import GraderPool, Ticket
from grader.result import GradeResult, Status

__all__ = ["GraderPool", "Ticket", "GradeResult", "Status"]
