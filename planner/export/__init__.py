"""Exports: iCalendar feeds, their index, the state that carries SEQUENCE between exports."""
