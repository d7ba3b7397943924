"""planner CLI: check commands."""
