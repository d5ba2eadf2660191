"""Page scripts run by st.navigation; the constants are their paths, for st.Page and st.page_link."""

# Relative to app.py's folder, which is how st.Page and st.page_link resolve script paths.
CATALOG = "ui/pages/catalog.py"
LESSON = "ui/pages/lesson.py"
EXERCISE = "ui/pages/exercise.py"
INSTRUCTOR = "ui/pages/instructor.py"
PROFILE = "ui/pages/profile.py"
ACHIEVEMENTS = "ui/pages/achievements.py"
LEADERBOARD = "ui/pages/leaderboard.py"
INBOX = "ui/pages/inbox.py"
AUTHORING = "ui/pages/authoring.py"
ACCOUNT = "ui/pages/account.py"
ADMIN_ACCOUNTS = "ui/pages/admin_accounts.py"
