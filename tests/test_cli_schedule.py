"""`planner events` and `planner load` on the embedded plan."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app

runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def taiyuan_json():
    result = runner.invoke(app, ["events", "--city", "太原", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_events_json_has_the_documented_keys(taiyuan_json):
    """Every JSON event carries uid, city, seq, round(s), title, lead, partners, dates and working days."""
    keys = {"uid", "city", "seq", "round", "rounds", "title", "lead", "partners", "start", "end",
            "window_start", "window_end", "working_days"}  # fmt: skip
    assert taiyuan_json
    assert all(keys <= set(e) for e in taiyuan_json)
    assert {e["city"] for e in taiyuan_json} == {"太原市"}


def test_events_json_dates_are_iso_and_inside_the_window(taiyuan_json):
    """start/end are ISO dates, end inclusive, within window_start..window_end."""
    for e in taiyuan_json:
        assert e["window_start"] <= e["start"] <= e["end"] <= e["window_end"]
        assert e["working_days"] == len(e["days"]) and e["days"][0] == e["start"] and e["days"][-1] == e["end"]


def test_events_json_names_lead_and_partners_as_lists(taiyuan_json):
    """lead and partners are lists of canonical department names."""
    assert all(isinstance(e["lead"], list) and e["lead"] and isinstance(e["partners"], list) for e in taiyuan_json)


def test_events_uids_are_stable_across_runs(taiyuan_json):
    """Running again gives the same uids, built from city, seq and round."""
    again = json.loads(runner.invoke(app, ["events", "--city", "太原", "--format", "json"]).stdout)
    assert [e["uid"] for e in again] == [e["uid"] for e in taiyuan_json]
    first = taiyuan_json[0]
    assert first["uid"] == f"2024-shanxi-taiyuan-{first['seq']:04d}-r{first['round']}@planner"


def test_events_month_filter_keeps_events_starting_that_month():
    """--month 10 lists only events starting in October, none in Golden Week."""
    result = runner.invoke(app, ["events", "--month", "10", "--format", "json"])
    assert result.exit_code == 0
    starts = [e["start"] for e in json.loads(result.stdout)]
    assert starts and all(s.startswith("2024-10-") and s >= "2024-10-08" for s in starts)


def test_events_dept_filter_keeps_events_of_that_department():
    """--dept 生态环境 with --city 太原 lists events where 市生态环境局 leads or partners."""
    result = runner.invoke(app, ["events", "--city", "太原", "--dept", "生态环境", "--format", "json"])
    assert result.exit_code == 0
    events = json.loads(result.stdout)
    assert events and all("市生态环境局" in e["lead"] + e["partners"] for e in events)


def test_events_csv_has_a_header_and_one_row_per_event(taiyuan_json):
    """CSV output starts with the column names and lists partners joined by 、."""
    result = runner.invoke(app, ["--lang", "en", "events", "--city", "太原", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.exit_code == 0
    assert len(rows) == len(taiyuan_json)
    assert rows[0]["uid"] == taiyuan_json[0]["uid"]
    assert rows[0]["partners"] == "、".join(taiyuan_json[0]["partners"])


def test_events_table_shows_dates_and_tasks(taiyuan_json):
    """The table lists each event's dates, seq and round."""
    result = runner.invoke(app, ["--lang", "zh", "events", "--city", "太原", "--month", "3"])
    assert result.exit_code == 0
    assert "日期" in result.stdout and "牵头" in result.stdout
    march = [e for e in taiyuan_json if e["start"].startswith("2024-03")]
    first = march[0]
    end = first["end"][8:] if first["end"][5:7] == first["start"][5:7] else first["end"][5:]
    assert f"{first['start'][5:]}–{end}" in result.stdout


def test_load_shows_naive_balanced_and_bound():
    """planner load prints naive→balanced cells, the lower bound and a summary line."""
    result = runner.invoke(app, ["--lang", "zh", "load", "--city", "太原"])
    assert result.exit_code == 0
    assert "市市场监管局" in result.stdout and "→" in result.stdout and "下界" in result.stdout
    assert "原排期" in result.stdout.splitlines()[-1] and "均衡" in result.stdout.splitlines()[-1]


def test_load_summary_counts_departments_at_the_bound():
    """The summary says how many departments reach the lower bound and none is above bound+1."""
    result = runner.invoke(app, ["--lang", "zh", "load"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1].endswith("0 个更高")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["events", "--format", "xml"], "--format does not accept this value ('xml'); use one of: table, json, csv"),
        (["events", "--month", "13"], "--month takes a month ('13'); write it as 2024-05 or 5"),
        (["events", "--city", "北京"], "no city '北京' in the plan"),
        (["load", "--dept", "不存在的局"], "no department '不存在的局'"),
    ],
)
def test_bad_options_exit_2_with_a_message(args, message):
    """Bad options end with exit code 2 and one error line naming the value."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_year_without_holiday_data_exits_2(tmp_path: Path):
    """A config year the holiday data does not cover fails with a hint about the holiday file."""
    config = tmp_path / "planner.toml"
    config.write_text("year = 2099\n", encoding="utf-8")
    result = runner.invoke(app, ["events", "--config", str(config)])
    assert result.exit_code == 2
    assert "no holiday data for 2099" in result.stderr
    assert "holidays table: file =" in result.stderr


def test_config_durations_change_working_days(tmp_path: Path):
    """A default_duration of 2 in --config gives two-working-day events."""
    config = tmp_path / "planner.toml"
    config.write_text("default_duration = 2\n", encoding="utf-8")
    result = runner.invoke(app, ["events", "--city", "阳泉", "--format", "json", "--config", str(config)])
    assert result.exit_code == 0
    assert {e["working_days"] for e in json.loads(result.stdout)} == {2}


def test_seed_keeps_the_same_rounds(taiyuan_json):
    """--seed only varies tie-breaks: the same rounds come out, each with its uid."""
    result = runner.invoke(app, ["events", "--city", "太原", "--format", "json", "--seed", "3"])
    assert result.exit_code == 0
    assert sorted(e["uid"] for e in json.loads(result.stdout)) == sorted(e["uid"] for e in taiyuan_json)


def test_load_table_keeps_columns_aligned_with_chinese_names():
    """Rendered at a fixed width, every line of the load table spans the same number of terminal cells."""
    from rich.cells import cell_len

    from planner.i18n import set_language

    set_language("zh")  # the table as the default run draws it
    from rich.console import Console

    from planner.config import Config
    from planner.model import Plan
    from planner.render.schedule_tables import load_table
    from planner.schedule import department_loads, schedule_plan
    from tests.builders import make_task

    tasks = tuple(make_task(i, lead=("市生态环境局",), partners=("市城乡管理局", "市市场监管局")) for i in range(1, 6))
    rows = department_loads(schedule_plan(Plan("t.tsv", 2024, tasks), Config()))
    out = io.StringIO()
    Console(width=100, file=out, color_system=None).print(load_table(rows))
    lines = out.getvalue().splitlines()
    label_columns = {cell_len(line[: line.index(label)]) for line in lines for label in (" 原 ", " 均衡 ") if label in line}
    assert len(label_columns) == 1
    assert any(line.split()[:3] == ["太原市", "市城乡管理局", "原"] for line in lines)
