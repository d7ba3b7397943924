"""planner CLI: schedule commands."""
