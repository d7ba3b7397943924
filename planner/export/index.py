"""The list of feeds: `index.json` for programs, `index.html` for people who want to subscribe."""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape

from planner.export.stream import dumps

INDEX_JSON = "index.json"
INDEX_HTML = "index.html"

KIND_LABELS = {"plan": "全部", "city": "全市", "department": "部门"}


@dataclass(frozen=True)
class FeedEntry:
    path: str  # relative to the feed directory, POSIX style, e.g. taiyuan/shi-chang-jian-guan-ju.ics
    name: str  # display name (Chinese)
    kind: str  # plan | city | department
    city: str  # "" for the whole plan
    department: str  # "" unless kind is department
    events: int  # inspection events (rounds) in the feed
    vevents: int  # VEVENTs: an event split around days off counts once per part


@dataclass(frozen=True)
class FeedIndex:
    """What an export wrote."""

    plan_name: str
    year: int
    feeds: tuple[FeedEntry, ...]
    changed: tuple[str, ...] = ()  # paths whose bytes differ from the previous export


def index_json(index: FeedIndex) -> bytes:
    data = {
        "plan": index.plan_name,
        "year": index.year,
        "feeds": [
            {
                "path": f.path,
                "name": f.name,
                "kind": f.kind,
                "city": f.city,
                "department": f.department,
                "events": f.events,
                "vevents": f.vevents,
            }
            for f in index.feeds
        ],
    }
    return (dumps(data, indent=1) + "\n").encode("utf-8")


def index_from_json(text: str) -> FeedIndex:
    data = json.loads(text)
    feeds = tuple(
        FeedEntry(f["path"], f["name"], f["kind"], f["city"], f["department"], int(f["events"]), int(f["vevents"]))
        for f in data["feeds"]
    )
    return FeedIndex(plan_name=str(data["plan"]), year=int(data["year"]), feeds=feeds)


def index_html(index: FeedIndex, *, base_url: str | None = None) -> bytes:
    """A page listing every feed. With `base_url` (http://host:port/) it adds webcal:// links.

    The static file cannot know where it will be served from, so it links the .ics files
    relatively (a browser download, or the address to paste into "subscribe by URL");
    `planner serve` renders the same page with its own address for one-click webcal links.
    """
    rows = "\n".join(_row(feed, base_url) for feed in index.feeds)
    title = escape(f"{index.plan_name} · 订阅日历")
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; }}
th, td {{ border-bottom: 1px solid #ddd; padding: .3em .8em; text-align: left; }}
td.n {{ text-align: right; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>{index.year}年，共{len(index.feeds)}个日历。{_how_to(base_url)}</p>
<table>
<thead><tr><th>城市</th><th>日历</th><th>类型</th><th>检查次数</th><th>链接</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</body>
</html>
"""
    return page.encode("utf-8")


def _how_to(base_url: str | None) -> str:
    if base_url:
        return "点击“订阅”在日历应用中添加，或复制 .ics 链接到日历应用的“通过网址订阅”。"
    return "复制 .ics 链接，在日历应用中选择“通过网址订阅”粘贴；用 planner serve 发布时本页另有一键“订阅”链接。"


def _row(feed: FeedEntry, base_url: str | None) -> str:
    href = escape(feed.path)
    links = f'<a href="{href}">下载 .ics</a>'
    if base_url:
        webcal = "webcal://" + base_url.split("://", 1)[-1].rstrip("/") + "/" + feed.path
        links = f'<a href="{escape(webcal)}">订阅</a> · ' + links
    return (
        f"<tr><td>{escape(feed.city or '全省')}</td><td>{escape(feed.name)}</td>"
        f"<td>{KIND_LABELS.get(feed.kind, feed.kind)}</td><td class=\"n\">{feed.events}</td><td>{links}</td></tr>"
    )
