"""`planner tasks` and `planner audit`."""
