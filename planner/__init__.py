"""planner: turn a province's joint "double random" spot-check plan into
balanced inspection events, department calendars and workload reviews."""

__version__ = "0.1.0"
