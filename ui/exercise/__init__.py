"""The exercise page's widgets: editor, grading jobs, live status, verdict, charts, hints and history."""
