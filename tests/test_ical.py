"""iCalendar feeds: what a subscriber's calendar shows, checked with icalendar, a strict line
parser written here, and a real client (khal) when installed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.export.ical import feed_text, parts, plan_feeds, write_feeds
from planner.model import Event, Schedule, Task
from planner.read import embedded_plan_path
from planner.slugs import city_slug
from tests.builders import make_task

PLAN = "测试计划"
D = date


# --- a small hand-made schedule ------------------------------------------------------------------


def event(task: Task, *days: date, round_: int = 1, rounds: int = 1) -> Event:
    return Event(
        uid=f"2024-{city_slug(task.city)}-{task.seq:04d}-r{round_}@planner",
        task=task,
        round=round_,
        rounds=rounds,
        start=days[0],
        end=days[-1],
        days=tuple(days),
        window_start=D(2024, 3, 1),
        window_end=D(2024, 12, 31),
    )


TRAVEL = replace(make_task(1, lead=("市文旅局",), partners=("市市场监管局",)), sector="文化旅游")
POOLS = replace(
    make_task(2, name="游泳场所双随机抽查", lead=("市市场监管局",), partners=("市卫健委", "市公安局")), sector="市场监管"
)
WATER = make_task(3, name="取水许可抽查", lead=("市水务局",), partners=("市税务局",), count=2)
CHANGZHI = make_task(1, city="长治市", lead=("市文旅局",), partners=())


def small_schedule(*, pools: tuple[date, ...] = (D(2024, 3, 8), D(2024, 3, 11))) -> Schedule:
    """Four tasks in two cities; three events straddle days off (weekend, 中秋, 国庆)."""
    events = (
        event(TRAVEL, D(2024, 3, 4), D(2024, 3, 5), D(2024, 3, 6)),
        event(POOLS, *pools),
        event(WATER, D(2024, 4, 9), D(2024, 4, 10), round_=1, rounds=2),
        event(WATER, D(2024, 9, 13), D(2024, 9, 14), D(2024, 9, 18), round_=2, rounds=2),
        event(CHANGZHI, D(2024, 9, 30), D(2024, 10, 8)),
    )
    return Schedule(year=2024, events=events, naive=events, lower_bounds=())


def feeds_by_path(schedule: Schedule) -> dict[str, bytes]:
    return {f.path: feed_text(f, year=schedule.year) for f in plan_feeds(schedule, plan_name=PLAN)}


def vevents(data: bytes) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(data).walk("VEVENT")  # type: ignore[return-value]


def covered_days(vevent: icalendar.Event) -> list[date]:
    start, end = vevent["dtstart"].dt, vevent["dtend"].dt
    return [start + timedelta(n) for n in range((end - start).days)]


def event_uid(vevent_uid: str) -> str:
    """The event a VEVENT belongs to: part UIDs carry -p<k> before the @domain."""
    return re.sub(r"-p\d+(@|$)", r"\1", vevent_uid)


# --- a strict, independent reader of RFC 5545 text ------------------------------------------------

CONTENT_LINE = re.compile(r"^(?P<name>[A-Za-z0-9-]+)(?P<params>(;[A-Za-z0-9-]+=(\"[^\"]*\"|[^;:,\"]*))*):(?P<value>.*)$")


def strict_parse(data: bytes) -> tuple[dict[str, str], list[dict[str, tuple[str, str]]]]:
    """Calendar properties and VEVENTs as {name: (params, value)}; asserts the wire format."""
    assert data.endswith(b"\r\n"), "content lines end with CRLF"
    physical = data[:-2].split(b"\r\n")
    for line in physical:
        assert b"\n" not in line and b"\r" not in line, "no bare CR or LF"
        assert len(line) <= 75, f"line longer than 75 octets: {line!r}"
        line.decode("utf-8")  # folding on a character boundary keeps every line valid UTF-8
    logical: list[str] = []
    for line in physical:
        text = line.decode("utf-8")
        if text[:1] in (" ", "\t"):
            logical[-1] += text[1:]
        else:
            logical.append(text)
    calendar: dict[str, str] = {}
    events: list[dict[str, tuple[str, str]]] = []
    stack: list[str] = []
    for text in logical:
        m = CONTENT_LINE.match(text)
        assert m, f"not a content line: {text!r}"
        name, params, value = m["name"].upper(), m["params"], m["value"]
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                events.append({})
        elif name == "END":
            assert stack and stack.pop() == value, f"END:{value} does not close {stack}"
        elif stack == ["VCALENDAR"]:
            calendar[name] = params + ":" + value
        elif stack == ["VCALENDAR", "VEVENT"]:
            assert name not in events[-1] or name == "CATEGORIES", f"{name} repeated"
            events[-1][name] = (params, value)
    assert stack == [] and logical[0] == "BEGIN:VCALENDAR"
    for ev in events:
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE"):
            assert required in ev, f"VEVENT without {required}"
        for key in ("DTSTART", "DTEND"):
            assert ev[key][0] == ";VALUE=DATE" and re.fullmatch(r"\d{8}", ev[key][1]), ev[key]
    return calendar, events


def strict_dates(ev: dict[str, tuple[str, str]]) -> tuple[date, date]:
    start, end = (date(int(v[:4]), int(v[4:6]), int(v[6:])) for _, v in (ev["DTSTART"], ev["DTEND"]))
    return start, end


# --- a real calendar client ----------------------------------------------------------------------

# khal comes with the dev extra (PyPI), so it sits next to the interpreter running the tests.
KHAL = str(Path(sys.executable).with_name("khal")) if Path(sys.executable).with_name("khal").exists() else shutil.which("khal")
SHM = Path("/dev/shm")
needs_khal = pytest.mark.skipif(KHAL is None, reason="khal is missing: install the dev extra (pip install -e '.[dev]')")

KHAL_LOCALE = """[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = Asia/Shanghai
default_timezone = Asia/Shanghai
"""


def khal_import(feeds: list[Path], workdir: Path, year: int) -> dict[Path, list[tuple[date, date]]]:
    """Import each feed into its own fresh khal calendar; (first, last day) of every event khal lists."""
    names = {f"c{n}": feed for n, feed in enumerate(feeds)}
    config = workdir / "khal.conf"
    sections = "".join(f"[[{name}]]\npath = {workdir / name}\ntype = calendar\n" for name in names)
    config.write_text(f"[calendars]\n{sections}{KHAL_LOCALE}[default]\ndefault_calendar = c0\n", encoding="utf-8")
    for name in names:
        (workdir / name).mkdir()
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(workdir), "XDG_DATA_HOME": str(workdir)}
    run = {"env": env, "capture_output": True, "text": True, "timeout": 300, "check": True}
    for name, feed in names.items():
        subprocess.run([KHAL, "-c", str(config), "import", "--batch", "-a", name, str(feed)], **run)  # type: ignore[call-overload]
    listed = subprocess.run(  # type: ignore[call-overload]
        [KHAL, "-c", str(config), "list", "--day-format", "", "--format", "{calendar}|{start-date}|{end-date}",
         f"{year - 1}-12-01", f"{year + 1}-02-01"],
        **run,
    )  # fmt: skip
    # khal lists an event under each day it spans (its --once also merges equal UIDs across
    # calendars, which we must not), so n events on the same k days make n*k equal lines.
    lines = Counter(line for line in listed.stdout.splitlines() if line.strip())
    found: dict[Path, list[tuple[date, date]]] = {feed: [] for feed in feeds}
    for line, times in sorted(lines.items()):
        name, first, last = line.split("|")
        span = (date.fromisoformat(last) - date.fromisoformat(first)).days + 1
        assert times % span == 0, line
        found[names[name]].extend([(date.fromisoformat(first), date.fromisoformat(last))] * (times // span))
    return found


# --- tests: dates ---------------------------------------------------------------------------------


def test_all_day_event_ends_the_day_after_its_last_working_day() -> None:
    """An inspection on Mon-Wed is DTSTART;VALUE=DATE Monday, DTEND Thursday (exclusive)."""
    text = feeds_by_path(small_schedule())["taiyuan/wen-lv-ju.ics"]
    assert b"DTSTART;VALUE=DATE:20240304\r\n" in text
    assert b"DTEND;VALUE=DATE:20240307\r\n" in text


def test_event_over_a_weekend_is_split_so_no_day_off_shows_work() -> None:
    """Fri + Mon becomes two VEVENTs, Fri and Mon; the weekend stays free."""
    feed = feeds_by_path(small_schedule())["taiyuan/shi-chang-jian-guan-ju.ics"]
    pool_parts = [v for v in vevents(feed) if "游泳" in str(v["summary"])]
    assert [covered_days(v) for v in pool_parts] == [[D(2024, 3, 8)], [D(2024, 3, 11)]]
    first, second = (str(v["summary"]) for v in pool_parts)
    assert second == first + "（续）" and "段" not in first and first.count("/") <= 1


def test_split_parts_have_unique_uids_and_the_first_keeps_the_events() -> None:
    """Part 1 carries the event UID, part 2 the UID with -p2 before @."""
    feed = feeds_by_path(small_schedule())["changzhi.ics"]
    assert [str(v["uid"]) for v in vevents(feed)] == ["2024-changzhi-0001-r1@planner", "2024-changzhi-0001-r1-p2@planner"]


def test_make_up_saturday_is_shown_as_work_and_the_holiday_is_not() -> None:
    """中秋 2024: Fri 13 + make-up Sat 14 are one block, 15-17 off, Wed 18 the next."""
    feed = feeds_by_path(small_schedule())["taiyuan/shi4-shui3-wu4-ju2.ics"]
    autumn = [covered_days(v) for v in vevents(feed) if v["dtstart"].dt.month == 9]
    assert autumn == [[D(2024, 9, 13), D(2024, 9, 14)], [D(2024, 9, 18)]]


def test_description_names_the_days_off_inside_an_event() -> None:
    """A split event tells in DESCRIPTION which days inside it are off."""
    feed = feeds_by_path(small_schedule())["changzhi.ics"]
    assert "10月1日、10月2日、10月3日、10月4日、10月5日、10月6日、10月7日 休息" in str(vevents(feed)[0]["description"])


# --- tests: identity and stability ----------------------------------------------------------------


def test_same_uid_dates_and_sequence_in_every_feed_carrying_the_event() -> None:
    """The pools event is identical in UID, dates and SEQUENCE in 3 department feeds, city and plan."""
    feeds = feeds_by_path(small_schedule())
    seen = {
        path: [(str(v["uid"]), v["dtstart"].dt, v["dtend"].dt, v["sequence"]) for v in vevents(text) if "0002" in str(v["uid"])]
        for path, text in feeds.items()
    }
    carrying = {path: found for path, found in seen.items() if found}
    assert set(carrying) == {
        "all.ics", "taiyuan.ics", "taiyuan/shi-chang-jian-guan-ju.ics", "taiyuan/wei-jian-wei.ics", "taiyuan/gong-an-ju.ics",
    }  # fmt: skip
    assert len({tuple(found) for found in carrying.values()}) == 1


def test_dtstamp_comes_from_the_plan_year_not_the_clock() -> None:
    """DTSTAMP is 1 January of the plan year, 00:00 UTC, in every VEVENT."""
    text = feeds_by_path(small_schedule())["all.ics"]
    stamps = {line for line in text.split(b"\r\n") if line.startswith(b"DTSTAMP")}
    assert stamps == {b"DTSTAMP:20240101T000000Z"}


def test_exporting_twice_gives_byte_identical_files(tmp_path: Path) -> None:
    """Two exports of one schedule into two directories write the same bytes, state included."""
    write_feeds(small_schedule(), tmp_path / "a", plan_name=PLAN)
    write_feeds(small_schedule(), tmp_path / "b", plan_name=PLAN)
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_re_export_of_an_unchanged_plan_touches_no_file(tmp_path: Path) -> None:
    """A second export into the same directory reports no changed file and keeps mtimes."""
    write_feeds(small_schedule(), tmp_path, plan_name=PLAN)
    mtimes = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    again = write_feeds(small_schedule(), tmp_path, plan_name=PLAN)
    assert again.changed == ()
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")} == mtimes


def test_moving_one_event_changes_only_its_lines_with_sequence_plus_one(tmp_path: Path) -> None:
    """Moving the pools event a week changes its DTSTART, DTEND and SEQUENCE lines, nothing else."""
    write_feeds(small_schedule(), tmp_path, plan_name=PLAN)
    before = _tree(tmp_path)
    moved = (D(2024, 3, 15), D(2024, 3, 18))
    write_feeds(small_schedule(pools=moved), tmp_path, plan_name=PLAN)
    after = _tree(tmp_path)
    changed = {p for p in before if before[p] != after[p]} - {".state.json"}
    assert changed == {
        "all.ics", "taiyuan.ics", "taiyuan/shi-chang-jian-guan-ju.ics", "taiyuan/wei-jian-wei.ics", "taiyuan/gong-an-ju.ics",
    }  # fmt: skip
    for path in changed:
        old, new = _unfolded(before[path]), _unfolded(after[path])
        assert len(old) == len(new)
        diff = [(a, b) for a, b in zip(old, new) if a != b]
        assert all(a.split(":")[0] == b.split(":")[0] for a, b in diff)
        assert Counter(a.split(":")[0].split(";")[0] for a, _ in diff) == Counter(
            {"DTSTART": 2, "DTEND": 2, "SEQUENCE": 2, "DESCRIPTION": 2}
        )  # two parts each; DESCRIPTION repeats the whole event's dates
        assert {b for _, b in diff if b.startswith("SEQUENCE")} == {"SEQUENCE:1"}


def test_sequence_keeps_growing_when_an_event_moves_back(tmp_path: Path) -> None:
    """Moving an event and moving it back gives SEQUENCE 2, never 0 again."""
    write_feeds(small_schedule(), tmp_path, plan_name=PLAN)
    write_feeds(small_schedule(pools=(D(2024, 3, 15), D(2024, 3, 18))), tmp_path, plan_name=PLAN)
    write_feeds(small_schedule(), tmp_path, plan_name=PLAN)
    pools = [v for v in vevents((tmp_path / "all.ics").read_bytes()) if "0002" in str(v["uid"])]
    assert [v["sequence"] for v in pools] == [2, 2]


def test_feed_of_a_department_that_left_the_plan_is_removed(tmp_path: Path) -> None:
    """Dropping the only 长治市 task deletes changzhi.ics and the changzhi/ directory."""
    write_feeds(small_schedule(), tmp_path, plan_name=PLAN)
    full = small_schedule()
    write_feeds(replace(full, events=full.events[:-1]), tmp_path, plan_name=PLAN)
    assert not (tmp_path / "changzhi.ics").exists()
    assert not (tmp_path / "changzhi").exists()


# --- tests: content -------------------------------------------------------------------------------


def test_calendar_names_refresh_and_timezone_for_subscribers() -> None:
    """Every feed has NAME, X-WR-CALNAME, X-WR-TIMEZONE, REFRESH-INTERVAL, X-PUBLISHED-TTL, PRODID."""
    calendar, _ = strict_parse(feeds_by_path(small_schedule())["taiyuan/shi-chang-jian-guan-ju.ics"])
    assert calendar["NAME"] == ":太原市 市市场监管局 2024年联合抽查"
    assert calendar["X-WR-CALNAME"] == calendar["NAME"]
    assert calendar["X-WR-TIMEZONE"] == ":Asia/Shanghai"
    assert calendar["REFRESH-INTERVAL"] == ";VALUE=DURATION:P1D"
    assert calendar["X-PUBLISHED-TTL"] == ":P1D"
    assert calendar["PRODID"].startswith(":-//planner//")
    assert calendar["VERSION"] == ":2.0"


def test_department_feed_titles_and_categories_carry_the_role() -> None:
    """市市场监管局 leads the pools check and joins the travel check: 【牵头】 / 【配合】."""
    feed = feeds_by_path(small_schedule())["taiyuan/shi-chang-jian-guan-ju.ics"]
    seen = {(str(v["summary"]).split("】")[0] + "】", tuple(v["categories"].cats)) for v in vevents(feed)}
    assert seen == {("【牵头】", ("牵头", "市场监管")), ("【配合】", ("配合", "文化旅游"))}


def test_plan_feed_titles_name_the_city() -> None:
    """In the whole-plan feed each title starts with its city."""
    titles = [str(v["summary"]) for v in vevents(feeds_by_path(small_schedule())["all.ics"])]
    assert titles[0] == "太原市｜对旅行社的双随机抽查"
    assert all(t.startswith(("太原市｜", "长治市｜")) for t in titles)


def test_description_tells_what_to_inspect_and_who_takes_part() -> None:
    """DESCRIPTION has item, scope, ratio, frequency, risk rule, windows, departments+roles, mode, source."""
    schedule = small_schedule()
    feed = next(f for f in plan_feeds(schedule, plan_name=PLAN) if f.path == "taiyuan/gong-an-ju.ics")
    text = str(vevents(feed_text(feed, year=2024, source="plan.tsv"))[0]["description"])
    assert text.splitlines() == [
        "抽查任务：游泳场所双随机抽查",
        "抽查事项：旅行社经营情况的检查",
        "抽查对象范围：旅行社",
        "抽查比例：10%",
        "抽查频次：1次/年，本次为第1/1轮",
        "信用风险分类要求：无",
        "本轮时段：2024-03-01 至 2024-12-31（计划时段：3月—12月）",
        "检查日期：2024-03-08 至 2024-03-11，共2个工作日（3月9日、3月10日 休息，不安排检查）",
        "部门：市市场监管局（牵头）、市卫健委（配合）、市公安局（配合）",
        "检查模式：市抽市查",
        "来源：plan.tsv 第3行（太原市 序号2）",
    ]


def test_long_chinese_text_is_folded_at_75_octets_on_character_boundaries() -> None:
    """A 600-character DESCRIPTION folds into ≤75-octet CRLF lines that each decode and unfold back."""
    long_task = replace(TRAVEL, scope="各类旅行社及其分支机构、在线旅游平台经营者" * 30)
    schedule = Schedule(2024, (event(long_task, D(2024, 3, 4)),), (), ())
    feed = next(f for f in plan_feeds(schedule, plan_name=PLAN) if f.kind == "plan")
    data = feed_text(feed, year=2024)
    _, events = strict_parse(data)  # asserts ≤75 octets, CRLF, UTF-8 per line
    assert events[0]["DESCRIPTION"][1].replace("\\n", "\n").splitlines()[2] == "抽查对象范围：" + long_task.scope
    assert max(len(line) for line in data.split(b"\r\n")) > 70  # folded close to the limit, not early


def test_no_alarm_unless_asked() -> None:
    """By default no VALARM; alarm_days=2 rings at 09:00 two days before (TRIGGER -P1DT15H)."""
    feed = plan_feeds(small_schedule(), plan_name=PLAN)[0]
    assert b"VALARM" not in feed_text(feed, year=2024)
    with_alarm = feed_text(feed, year=2024, alarm_days=2)
    triggers = {line for line in with_alarm.split(b"\r\n") if line.startswith(b"TRIGGER")}
    assert triggers == {b"TRIGGER:-P1DT15H"}


def test_file_names_are_ascii_slugs_and_display_names_chinese(tmp_path: Path) -> None:
    """Feeds live at city/department.ics in ASCII; homophones 水务局/税务局 get distinct names."""
    index = write_feeds(small_schedule(), tmp_path, plan_name=PLAN)
    assert [f.path for f in index.feeds] == [
        "all.ics",
        "changzhi.ics",
        "changzhi/wen-lv-ju.ics",
        "taiyuan.ics",
        "taiyuan/gong-an-ju.ics",
        "taiyuan/shi-chang-jian-guan-ju.ics",
        "taiyuan/shi4-shui3-wu4-ju2.ics",
        "taiyuan/shi4-shui4-wu4-ju2.ics",
        "taiyuan/wei-jian-wei.ics",
        "taiyuan/wen-lv-ju.ics",
    ]
    names = {f.path: f.name for f in index.feeds}
    assert names["taiyuan/shi4-shui3-wu4-ju2.ics"] == "太原市 市水务局 2024年联合抽查"


def test_index_lists_every_feed_with_counts(tmp_path: Path) -> None:
    """index.json lists path, names and event counts; index.html links every feed."""
    write_feeds(small_schedule(), tmp_path, plan_name=PLAN)
    index = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    by_path = {f["path"]: f for f in index["feeds"]}
    assert by_path["taiyuan/shi-chang-jian-guan-ju.ics"] == {
        "path": "taiyuan/shi-chang-jian-guan-ju.ics", "name": "太原市 市市场监管局 2024年联合抽查", "kind": "department",
        "city": "太原市", "department": "市市场监管局", "events": 2, "vevents": 3,
    }  # fmt: skip
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{path}"' in html for path in by_path)


def test_counts_in_feeds_equal_events_per_department_and_in_total() -> None:
    """Each department feed carries exactly the events its department takes part in."""
    schedule = small_schedule()
    _assert_counts_match(schedule, feeds_by_path(schedule))


def test_every_feed_reads_with_icalendar_and_the_strict_parser_alike() -> None:
    """Both parsers see the same UIDs and dates in every feed."""
    for text in feeds_by_path(small_schedule()).values():
        _, strict = strict_parse(text)
        ours = [(str(v["uid"]), v["dtstart"].dt, v["dtend"].dt) for v in vevents(text)]
        assert ours == [(e["UID"][1], *strict_dates(e)) for e in strict]


@needs_khal
def test_khal_imports_every_feed_with_the_right_events_on_the_right_days(tmp_path: Path) -> None:
    """khal, a real client, lists each VEVENT of each feed on its own days."""
    schedule = small_schedule()
    write_feeds(schedule, tmp_path / "cal", plan_name=PLAN)
    occurrences = [(e.city, tuple(d.name for d in e.task.departments()), e.days) for e in schedule.events]
    _assert_khal_agrees(tmp_path / "cal", tmp_path / "khal", 2024, occurrences)


# --- tests: CLI -----------------------------------------------------------------------------------


def test_cli_writes_feeds_and_says_what_changed(tmp_path: Path) -> None:
    """`planner ical PLAN --out DIR` reports feeds and events; a re-run reports no file changed."""
    lines = embedded_plan_path().read_text(encoding="utf-8").splitlines(keepends=True)
    plan = tmp_path / "plan.tsv"
    plan.write_text("".join(lines[:12]), encoding="utf-8")  # title, header and 太原市 1-7
    out = tmp_path / "cal"
    first = CliRunner().invoke(app, ["ical", str(plan), "--out", str(out)])
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[0].startswith(f"wrote 11 feeds to {out}/: the whole plan (8 events, ")
    assert first.output.splitlines()[0].endswith("calendar entries: an inspection over a weekend or holiday is one entry per run of working days), cities: 1, departments: 9")
    second = CliRunner().invoke(app, ["ical", str(plan), "--out", str(out)])
    assert second.output.splitlines()[1] == f"files changed: 0; list: {out / 'index.html'}"


def test_cli_rejects_negative_alarm_days(tmp_path: Path) -> None:
    """--alarm-days -1 is refused with a hint, exit code 2."""
    result = CliRunner().invoke(app, ["ical", "--out", str(tmp_path), "--alarm-days", "-1"])
    assert result.exit_code == 2
    assert "--alarm-days takes a number of days ('-1'); use 0 or more" in result.output


def test_cli_reports_an_unreadable_state_file(tmp_path: Path) -> None:
    """A damaged .state.json stops the export with a hint instead of resetting SEQUENCE silently."""
    (tmp_path / ".state.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(app, ["ical", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "the export state is damaged" in result.output and "delete it" in result.output


# --- the embedded plan ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    """`planner ical` and `planner events --format json` on the embedded plan."""
    out = tmp_path_factory.mktemp("calendars")
    runner = CliRunner()
    result = runner.invoke(app, ["ical", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("wrote ")
    listed = runner.invoke(app, ["events", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    return out, json.loads(listed.stdout)


def test_embedded_plan_feeds_count_what_planner_events_lists(embedded: tuple[Path, list[dict[str, object]]]) -> None:
    """Per department and in total, feed event counts equal `planner events` counts."""
    out, records = embedded
    expected: Counter[tuple[str, str]] = Counter()
    for r in records:
        for name in dict.fromkeys([*r["lead"], *r["partners"]]):  # type: ignore[misc]
            expected[str(r["city"]), name] += 1
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    found: Counter[tuple[str, str]] = Counter()
    for f in index["feeds"]:
        uids = {event_uid(str(v["uid"])) for v in vevents((out / f["path"]).read_bytes())}
        assert len(uids) == f["events"]
        if f["kind"] == "department":
            found[f["city"], f["department"]] = len(uids)
        if f["kind"] == "plan":
            assert len(uids) == len(records)
    assert found == expected


def test_embedded_plan_feeds_show_work_only_on_the_scheduled_working_days(
    embedded: tuple[Path, list[dict[str, object]]],
) -> None:
    """The VEVENTs of each event cover exactly its scheduled days, all of them working days."""
    import chinese_calendar

    out, records = embedded
    days = {str(r["uid"]): sorted(date.fromisoformat(d) for d in r["days"]) for r in records}  # type: ignore[attr-defined]
    covered: dict[str, list[date]] = {}
    for v in vevents((out / "all.ics").read_bytes()):
        covered.setdefault(event_uid(str(v["uid"])), []).extend(covered_days(v))
    assert {uid: sorted(d) for uid, d in covered.items()} == days
    assert all(chinese_calendar.is_workday(d) for ds in covered.values() for d in ds)


def test_embedded_plan_every_feed_parses_strictly(embedded: tuple[Path, list[dict[str, object]]]) -> None:
    """Every feed of the embedded plan passes the strict parser and agrees with icalendar."""
    out, _ = embedded
    feeds = sorted(out.rglob("*.ics"))
    assert len(feeds) > 300
    for path in feeds:
        text = path.read_bytes()
        _, strict = strict_parse(text)
        assert [(str(v["uid"]), v["dtstart"].dt, v["dtend"].dt) for v in vevents(text)] == [
            (e["UID"][1], *strict_dates(e)) for e in strict
        ]


@needs_khal
def test_embedded_plan_every_feed_imports_into_khal(
    embedded: tuple[Path, list[dict[str, object]]], tmp_path: Path
) -> None:
    """khal imports every feed of the embedded plan with the right number of events on the right days."""
    out, records = embedded
    occurrences = [
        (str(r["city"]), (*r["lead"], *r["partners"]), tuple(date.fromisoformat(d) for d in r["days"]))  # type: ignore[misc, attr-defined]
        for r in records
    ]
    _assert_khal_agrees(out, tmp_path, 2024, occurrences)


# --- helpers --------------------------------------------------------------------------------------


Occurrence = tuple[str, tuple[str, ...], tuple[date, ...]]  # city, departments, working days


def _assert_khal_agrees(feed_dir: Path, workdir: Path, year: int, occurrences: list[Occurrence]) -> None:
    """khal lists, in every feed, one entry per run of consecutive working days of each event the
    feed should carry, and nothing else. One khal setup per directory, in memory when possible."""
    index = json.loads((feed_dir / "index.json").read_text(encoding="utf-8"))
    expected = {feed_dir / f["path"]: sorted(_runs_in(f, occurrences)) for f in index["feeds"]}
    groups: dict[Path, list[Path]] = {}
    for feed in sorted(expected):
        groups.setdefault(feed.parent, []).append(feed)

    def check(feeds: list[Path]) -> None:
        with tempfile.TemporaryDirectory(dir=SHM if SHM.is_dir() else workdir) as scratch:
            found = khal_import(feeds, Path(scratch), year)  # khal syncs its database per event: slow on disk
        for feed in feeds:
            assert sorted(found[feed]) == expected[feed], feed

    workdir.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(check, groups.values()))


def _runs_in(feed: dict[str, str], occurrences: list[Occurrence]) -> list[tuple[date, date]]:
    """(first, last) of each run of consecutive days of the events this feed should carry."""
    runs: list[tuple[date, date]] = []
    for city, departments, days in occurrences:
        if feed["city"] not in ("", city) or (feed["department"] and feed["department"] not in departments):
            continue
        first = last = days[0]
        for day in days[1:]:
            if day != last + timedelta(days=1):
                runs.append((first, last))
                first = day
            last = day
        runs.append((first, last))
    return runs


def _assert_counts_match(schedule: Schedule, feeds: dict[str, bytes]) -> None:
    expected: Counter[str] = Counter()
    for f in plan_feeds(schedule, plan_name=PLAN):
        if f.department:
            expected[f.path] = sum(1 for e in schedule.events if f.department in e.task.departments())
    found = Counter({p: len({event_uid(str(v["uid"])) for v in vevents(t)}) for p, t in feeds.items() if p.count("/")})
    assert found == expected
    assert len({event_uid(str(v["uid"])) for v in vevents(feeds["all.ics"])}) == len(schedule.events)
    assert sum(len(parts(e)) for e in schedule.events) == len(vevents(feeds["all.ics"]))


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _unfolded(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")
