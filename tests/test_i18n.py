"""One language per run: Chinese by default, English with --lang en or LC_ALL/LANG=en_*.

Three checks:
- every string marked for translation in the source (`_("…")`, `N_("…")`) has its English in
  planner/locale/en/LC_MESSAGES/planner.po, and the compiled .mo says the same;
- the help of every command, typical errors and the build summary, run in each language,
  contain no word of the other language (data — city, department and task names, file names,
  option names and technical words — excepted);
- machine output (JSON keys, exit codes) is the same in both.
"""

from __future__ import annotations

import ast
import gettext
import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from planner.cli import app
from planner.i18n import DOMAIN, LOCALE_DIR
from planner.plan import load_plan
from planner.render.cells import short_name
from planner.render.plan_tables import ORDER
from tests.plans import FIRST, row, write_plan

PACKAGE = Path(__file__).resolve().parent.parent / "planner"
PO = LOCALE_DIR / "en" / "LC_MESSAGES" / f"{DOMAIN}.po"
COMMANDS = ("build", "tasks", "audit", "events", "load", "departments", "check", "changes", "export", "report",
            "ical", "serve", "publish", "timeline", "overview", "heatmap", "agenda", "columns")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# words that stay as they are in Chinese text: names of formats, programs, protocols and option values
TECHNICAL = {
    "toml", "csv", "tsv", "xlsx", "json", "html", "pdf", "svg", "txt", "utf", "bom", "crlf", "caldav", "chromium",
    "excel", "icalendar", "http", "https", "url", "tcp", "ascii", "webcal", "ctrl", "planner", "ics", "uid", "sequence",
    "table", "notice", "text", "both", "naive", "balanced", "error", "warning", "info", "never", "task", "dept", "zh", "en",
    "overload", "double", "booking", "duplicate", "merge", "data", "lc_all", "lang", "yyyy", "mm", "dd", "debian", "apt",
    "get", "install", "chinesecalendar", "holidays", "workdays", "file", "readme", "state", "index", "sample_output",
    "calendars", "plan", "cal", "example", "org", "dav", "str", "int", "path", "bool", "float", "planner_caldav_password",
    "ipv", "range", "list", "xml", "frob",  # typer's `<int range>` metavars; the bad values the error tests type
    *COMMANDS,
    *(part for kind in ORDER for part in kind.split("-")), "header", "title",  # audit's --kind values, its field names
}
DATA_EXAMPLES = ("太原市/市市场监管局", "太原/市场监管", "城市/名称", "城市/部门", "太原市", "太原", "市场监管", "卫健", "公安")


def msgids_in_source() -> dict[str, str]:
    """Every literal passed to _() or N_() in the package: msgid -> where."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def test_every_marked_string_has_its_english() -> None:
    with PO.open("rb") as handle:
        catalogue = {m.id: m.string for m in read_po(handle) if m.id}
    missing = {msgid: where for msgid, where in msgids_in_source().items() if not catalogue.get(msgid)}
    assert missing == {}, "add these to planner.po (then `make catalogues`):\n" + "\n".join(f"{w}: {m}" for m, w in missing.items())


def test_compiled_catalogue_matches_the_po_file() -> None:
    with PO.open("rb") as handle:
        catalogue = {m.id: m.string for m in read_po(handle) if m.id}
    compiled = gettext.translation(DOMAIN, LOCALE_DIR, languages=["en"])
    stale = [msgid for msgid, english in catalogue.items() if compiled.gettext(msgid) != english]
    assert stale == [], "run `make catalogues`: the .mo is older than the .po"


def english_words(text: str, data: tuple[str, ...] = ()) -> list[str]:
    """Latin words in a Chinese run that are neither technical names, option names, paths nor data."""
    for value in data:
        text = text.replace(value, " ")
    text = re.sub(r"https?://\S+|`[^`]*`|--?[a-z][\w-]*|<[a-z]+>|\S+\.(?:toml|tsv|csv|xlsx|html|svg|txt|json|ics|pdf)\b|\S*/\S*", " ", text)
    words = re.findall(r"[A-Za-z][A-Za-z_]+", text)
    return [w for w in words if w.lower() not in TECHNICAL and not w.isupper()]


def chinese_in(text: str, data: tuple[str, ...] = ()) -> list[str]:
    """Chinese in an English run that is not data (names from the plan, the examples options take)."""
    for value in sorted((*data, *DATA_EXAMPLES), key=len, reverse=True):
        text = text.replace(value, " ")
    return re.findall(rf"{CJK.pattern}+", text)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"}, prog_name="planner")
    return result.exit_code, result.stdout + result.stderr


@pytest.mark.parametrize("command", ("", *COMMANDS))
def test_help_is_in_one_language(command: str) -> None:
    args = [command, "--help"] if command else ["--help"]
    code, zh = run("--lang", "zh", *args)
    assert code == 0 and CJK.search(zh)
    assert english_words(zh) == [], zh
    code, en = run("--lang", "en", *args)
    assert code == 0 and "Usage:" in en
    assert chinese_in(en) == [], en


@pytest.fixture()
def small_plan(tmp_path: Path) -> Path:
    shop = row("", "2", "对商场的抽查", "商场卫生检查", "商场", "10%；1次/年", "", "5月—6月", "市卫健委", "市市场监管局", "市抽市查")
    return write_plan(tmp_path, FIRST, shop)


def plan_words(plan: Path | None) -> tuple[str, ...]:
    """The plan's own names (cities, departments, task titles, fields): data, in any language."""
    loaded = load_plan(plan)
    names = {t.city for t in loaded.tasks} | {t.label for t in loaded.tasks} | {t.sector for t in loaded.tasks if t.sector}
    names |= {short_name(t.label) for t in loaded.tasks}  # the overview's day cells shorten titles
    for task in loaded.tasks:
        names |= {f"{d.city}/{d.name}" for d in task.departments()} | {d.name for d in task.departments()}
    return tuple(sorted(names, key=len, reverse=True))


ERRORS = (
    ("events", "--seed", "abc"),
    ("events", "--month", "13"),
    ("events", "--format", "xml"),
    ("tasks", "--format", "xml"),
    ("timeline", "--width", "10"),
    ("agenda", "--dept", "市财政厅"),
    ("timeline", "--sector", "航天"),
    ("overview", "--config", "missing.toml"),
    ("export", "--xlsx", "out.csv"),
    ("frob",),
)


@pytest.mark.parametrize("args", ERRORS, ids=lambda a: " ".join(a))
def test_errors_are_in_one_language(args: tuple[str, ...], small_plan: Path) -> None:
    import subprocess
    import sys

    words = plan_words(None) + args[2:]  # the embedded plan's names and the value the user typed are data
    outputs = {}
    for lang in ("zh", "en"):
        done = subprocess.run([sys.executable, "-m", "planner", "--lang", lang, *args], capture_output=True, text=True, timeout=120)
        assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
        outputs[lang] = done.stderr
    assert outputs["zh"].startswith("错误：") and english_words(outputs["zh"], words) == [], outputs["zh"]
    assert outputs["en"].startswith("error: ") and chinese_in(outputs["en"], words) == [], outputs["en"]


def test_build_summary_is_in_one_language(small_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    words = plan_words(small_plan) + (small_plan.name,)
    code, zh = run("--lang", "zh", "build", str(small_plan), "--no-samples")
    assert code == 0 and "任务数" in zh and english_words(zh, words) == [], zh
    code, en = run("--lang", "en", "build", str(small_plan), "--no-samples")
    assert code == 0 and "tasks" in en and chinese_in(en, words) == [], en


def test_default_language_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.i18n import detect

    assert detect({}) == "zh" and detect({"LANG": "C.UTF-8"}) == "zh" and detect({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert detect({"LANG": "en_US.UTF-8"}) == "en" and detect({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    import subprocess
    import sys

    for env, prefix in (({"LANG": "zh_CN.UTF-8"}, "错误："), ({}, "错误："), ({"LANG": "en_US.UTF-8"}, "error: ")):
        done = subprocess.run([sys.executable, "-m", "planner", "events", "--seed", "x"], capture_output=True, text=True,
                              timeout=120, env={"PATH": "/usr/bin:/bin", **env})
        assert done.returncode == 2 and done.stderr.startswith(prefix), (env, done.stderr)


# the fields that carry prose for a person (why a repair was made, what a finding says): in the run's language
PROSE = {"reason", "message", "details"}


def without_prose(value: object) -> object:
    """The JSON with its prose fields blanked: keys, numbers, names and dates must not depend on the language."""
    if isinstance(value, dict):
        return {k: ("…" if k in PROSE else without_prose(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [without_prose(v) for v in value]
    return value


def test_machine_output_is_the_same_in_both_languages(small_plan: Path) -> None:
    for args in (("tasks", "-f", "json"), ("events", "-f", "json"), ("check", "-f", "json"), ("departments", "-f", "json")):
        outputs = [CliRunner().invoke(app, ["--lang", lang, args[0], str(small_plan), *args[1:]]) for lang in ("zh", "en")]
        assert outputs[0].exit_code == outputs[1].exit_code
        assert without_prose(json.loads(outputs[0].stdout)) == without_prose(json.loads(outputs[1].stdout)), args


# `audit` is not here yet: its reasons come from planner/repair.py, still to wrap (test_i18n_coverage.PENDING)
@pytest.mark.parametrize("args", [("tasks",), ("events",), ("load",), ("departments",), ("changes", "--seed", "1"),
                                  ("agenda", "--dept", "市市场监管局"), ("timeline",), ("timeline", "--by", "dept"),
                                  ("overview", "--month", "5"), ("overview", "--month", "5", "--dept", "市市场监管局"),
                                  ("heatmap",)], ids=lambda a: " ".join(a))
def test_tables_are_in_one_language(args: tuple[str, ...], small_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tables (headers, titles, legends) read in the run's language; the plan's names are data."""
    monkeypatch.chdir(small_plan.parent)  # changes compares with ./calendars: published here first
    assert run("ical", str(small_plan), "--out", "calendars")[0] == 0
    words = plan_words(small_plan) + (small_plan.name, "抽查比例及频次", "抽查检查起止时间", "发起部门", "配合部门")
    code, zh = run("--lang", "zh", args[0], str(small_plan), *args[1:])
    assert code == 0 and english_words(zh, words) == [], zh
    code, en = run("--lang", "en", args[0], str(small_plan), *args[1:])
    assert code == 0 and chinese_in(en, words) == [], en
