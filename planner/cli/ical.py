"""planner CLI: ical commands."""
