"""Pure gamification rules: XP, levels, streaks and achievements as functions of the event history."""
