"""The alias table: which written names are one department, per city.

A department's identity is (city, canonical name). The table ships as data
(planner/data/departments.toml) and a user can extend it with a file of the same shape.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from planner.errors import ConfigError

BUILTIN = "departments.toml"


@dataclass(frozen=True)
class AliasTable:
    known: frozenset[str]  # canonical names
    aliases: tuple[tuple[str, str], ...]  # (alias, canonical), for every city
    city_aliases: tuple[tuple[str, str, str], ...]  # (city, alias, canonical)

    @cached_property
    def _lookup(self) -> dict[tuple[str, str], str]:
        """(city or "", written name) → canonical; built once, asked once per department cell."""
        table = {("", alias): canonical for alias, canonical in self.aliases}
        table.update({(city, alias): canonical for city, alias, canonical in self.city_aliases})
        return table

    def canonical(self, city: str, name: str) -> str:
        return self._lookup.get((city, name)) or self._lookup.get(("", name), name)

    def is_known(self, city: str, name: str) -> bool:
        return self.canonical(city, name) in self.known


def load_aliases(extra: Path | None = None) -> AliasTable:
    """The built-in table, extended by `extra` when given."""
    builtin = resources.files("planner") / "data" / BUILTIN
    tables = [_parse(tomllib.loads(builtin.read_text(encoding="utf-8")), BUILTIN)]
    if extra is not None:
        try:
            tables.append(_parse(tomllib.loads(extra.read_text(encoding="utf-8")), str(extra)))
        except FileNotFoundError:
            raise ConfigError("alias file not found", file=str(extra)) from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"not a valid TOML alias file: {exc}", file=str(extra)) from None
    return AliasTable(
        known=frozenset().union(*(t.known for t in tables)),
        aliases=sum((t.aliases for t in tables), ()),
        city_aliases=sum((t.city_aliases for t in tables), ()),
    )


def _parse(data: dict[str, Any], where: str) -> AliasTable:
    departments = data.get("departments", {})
    if not isinstance(departments, dict):
        raise ConfigError("[departments] must be a table of canonical name = [aliases]", file=where)
    city_tables = data.get("city", {})
    known = set(departments)
    aliases = [(a, canonical) for canonical, names in departments.items() for a in names]
    city_aliases: list[tuple[str, str, str]] = []
    for city, table in city_tables.items():
        for canonical, names in table.get("departments", {}).items():
            known.add(canonical)
            city_aliases.extend((city, a, canonical) for a in names)
    return AliasTable(frozenset(known), tuple(aliases), tuple(city_aliases))
