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
from planner.i18n import _
from planner.limits import MAX_CONFIG_BYTES, read_regular_file

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

    def resolve(self, city: str, name: str) -> tuple[str, bool]:
        """The canonical name and whether the table knows it (canonical and is_known in one look-up)."""
        canonical = self.canonical(city, name)
        return canonical, canonical in self.known


def load_aliases(extra: Path | None = None) -> AliasTable:
    """The built-in table, extended by `extra` when given."""
    builtin = resources.files("planner") / "data" / BUILTIN
    tables = [_parse(tomllib.loads(builtin.read_text(encoding="utf-8")), BUILTIN)]
    if extra is not None:
        text = read_regular_file(extra, name=str(extra), limit=MAX_CONFIG_BYTES, error=ConfigError, missing=_("找不到别名文件"))
        try:
            tables.append(_parse(tomllib.loads(text.decode("utf-8")), str(extra)))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(_("不是有效的 TOML 别名文件：{error}").format(error=exc), file=str(extra)) from None
    return AliasTable(
        known=frozenset().union(*(t.known for t in tables)),
        aliases=sum((t.aliases for t in tables), ()),
        city_aliases=sum((t.city_aliases for t in tables), ()),
    )


def _parse(data: dict[str, Any], where: str) -> AliasTable:
    _only(data, ("departments", "city"), "", where)
    departments = _names(data.get("departments", {}), "departments", where)
    city_tables = data.get("city", {})
    if not isinstance(city_tables, dict):
        raise ConfigError(_('[city] 须为每个城市一张表：[city."太原市".departments]'), file=where)
    known = set(departments)
    aliases = [(a, canonical) for canonical, names in departments.items() for a in names]
    city_aliases: list[tuple[str, str, str]] = []
    for city, table in city_tables.items():
        if not isinstance(table, dict):
            raise ConfigError(_("city.{city} 须是一张表").format(city=city), file=where)
        _only(table, ("departments",), f"city.{city}.", where)
        for canonical, names in _names(table.get("departments", {}), f"city.{city}.departments", where).items():
            known.add(canonical)
            city_aliases.extend((city, a, canonical) for a in names)
    return AliasTable(frozenset(known), tuple(aliases), tuple(city_aliases))


def _only(table: dict[str, Any], keys: tuple[str, ...], prefix: str, where: str) -> None:
    for key in table:
        if key not in keys:
            raise ConfigError(_("别名文件里有未知的键 {key}").format(key=prefix + key), file=where,
                              hint=_("可用的键：{keys}").format(keys=", ".join(prefix + k for k in keys)))


def _names(table: Any, key: str, where: str) -> dict[str, list[str]]:
    """canonical name = [aliases]; anything else is a mistake worth a message."""
    if not isinstance(table, dict) or not all(isinstance(v, list) and all(isinstance(a, str) for a in v) for v in table.values()):
        raise ConfigError(_("[{key}] 须是“标准名称 = [别名]”的表").format(key=key), file=where)
    return table
