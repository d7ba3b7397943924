"""planner CLI: views commands."""
