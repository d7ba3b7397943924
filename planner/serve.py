"""Serve a feed directory over HTTP, for a team without a calendar server.

Calendar clients poll a subscription every few hours; ETag and Last-Modified let them ask "has it
changed?" and get an empty 304 when it has not. `/` is the index page with webcal:// links built
from the address the browser used, so "subscribe" opens the calendar app directly.

Only files a feed export writes are served (.ics, index.json, index.html); hidden files such as
the export state and anything outside the directory are 404.

The HTTP side is waitress (a production WSGI server in pure Python): one event loop accepts and
reads requests for any number of connections, a small thread pool answers them, the listen
backlog is 1024, a connection idle for CHANNEL_TIMEOUT seconds is closed, and IPv6 addresses work.
A client that hangs up mid-answer is waitress's business, not a traceback on our console.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import Any

from planner.errors import PlannerError
from planner.export.index import INDEX_HTML, INDEX_JSON, index_from_json, index_html
from planner.i18n import _

CONTENT_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".html": "text/html; charset=utf-8",
}
THREADS = 8  # answers are files read from disk: a few threads keep up with the event loop
CHANNEL_TIMEOUT = 30  # seconds a connection may stay silent before it is closed
BACKLOG = 1024  # connections the kernel queues while the loop is busy (http.server: 5)
FILE_RESERVE = 64  # descriptors kept for feeds, logs and the listening sockets

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class FeedApp:
    """The WSGI application: GET/HEAD of the feeds, the index and index.json under `directory`."""

    def __init__(self, directory: Path) -> None:
        self.root = directory.resolve()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            return _plain(start_response, "405 Method Not Allowed", "method not allowed", method, [("Allow", "GET, HEAD")])
        found = self._resolve(environ)
        if found is None:
            return _plain(start_response, "404 Not Found", "not found", method)
        path, body = found
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        mtime = int(path.stat().st_mtime)
        headers = [("ETag", etag), ("Last-Modified", formatdate(mtime, usegmt=True))]
        if _not_modified(environ, etag, mtime):
            start_response("304 Not Modified", headers)
            return []
        headers += [
            ("Content-Type", CONTENT_TYPES[path.suffix]),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-cache"),  # revalidate: the 304 keeps it cheap
        ]
        start_response("200 OK", headers)
        return [body] if method == "GET" else []

    def _resolve(self, environ: dict[str, Any]) -> tuple[Path, bytes] | None:
        """The file behind the request path and the bytes to send, or None."""
        relative = _request_path(environ)
        if relative is None:
            return None
        path = (self.root / (relative.lstrip("/") or INDEX_HTML)).resolve()
        if not path.is_relative_to(self.root) or path.suffix not in CONTENT_TYPES or not path.is_file():
            return None
        if any(part.startswith(".") for part in path.relative_to(self.root).parts):
            return None
        try:
            if path == self.root / INDEX_HTML and (self.root / INDEX_JSON).is_file():
                return path, self._live_index(environ)
            return path, path.read_bytes()
        except (OSError, ValueError, KeyError):  # removed or half-replaced between the checks
            return None

    def _live_index(self, environ: dict[str, Any]) -> bytes:
        """index.html with webcal:// links to this server, as the client addressed it."""
        index = index_from_json((self.root / INDEX_JSON).read_text(encoding="utf-8"))
        host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', 'localhost')}:{environ.get('SERVER_PORT', '')}"
        return index_html(index, base_url=f"http://{host}/")


def _request_path(environ: dict[str, Any]) -> str | None:
    """The decoded URL path, or None when it cannot name a file (bad UTF-8, NUL, control bytes)."""
    try:
        # PEP 3333: PATH_INFO is the percent-decoded bytes as latin-1.
        text = str(environ.get("PATH_INFO", "/")).encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in text):
        return None
    return text


def _not_modified(environ: dict[str, Any], etag: str, mtime: int) -> bool:
    # RFC 9110 13.1.2-3: If-None-Match wins and compares weakly (W/"x" matches "x");
    # If-Modified-Since only counts without it.
    match = environ.get("HTTP_IF_NONE_MATCH")
    if match is not None:
        tags = [t.strip().removeprefix("W/") for t in match.split(",")]
        return "*" in tags or etag in tags
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since is None:
        return False
    try:
        return mtime <= parsedate_to_datetime(since).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return False


def _plain(start_response: StartResponse, status: str, text: str, method: str, extra: list[tuple[str, str]] | None = None) -> list[bytes]:
    body = (text + "\n").encode("utf-8")
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body))), *(extra or [])])
    return [body] if method != "HEAD" else []


class FeedServer:
    """A listening server; `run()` serves until `close()` (from another thread) or Ctrl-C."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        listen = getattr(inner, "effective_listen", None) or [(inner.effective_host, inner.effective_port)]
        self.host, self.port = str(listen[0][0]), int(listen[0][1])

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def run(self) -> None:
        self._inner.run()

    def close(self) -> None:
        from waitress import wasyncore

        self._inner.task_dispatcher.shutdown(timeout=2)
        wasyncore.close_all(getattr(self._inner, "map", None) or self._inner._map)


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 8000, *, loop_timeout: float = 1.0) -> FeedServer:
    """A server for `directory` (port 0 picks a free port); call run() on it."""
    from waitress.server import create_server

    if not directory.is_dir():
        raise PlannerError(_("订阅源目录不存在"), file=str(directory), hint=_("请先运行 `planner ical --out DIR`"))
    _quiet_waitress()
    try:
        inner = create_server(
            FeedApp(directory),
            host=host.strip("[]"),
            port=port,
            threads=THREADS,
            backlog=BACKLOG,
            connection_limit=_connection_limit(),
            channel_timeout=CHANNEL_TIMEOUT,
            cleanup_interval=max(1, CHANNEL_TIMEOUT // 6),
            asyncore_use_poll=True,  # select() stops at 1024 descriptors; poll() does not
            asyncore_loop_timeout=loop_timeout,
            ident="planner",
            expose_tracebacks=False,
        )
    except OSError as exc:
        raise PlannerError(_("无法在 {host}:{port} 上监听：{error}").format(host=host, port=port, error=exc.strerror or exc),
                           hint=_("请换一个 --port 或 --host")) from None
    except ValueError as exc:  # waitress: an address it cannot parse
        raise PlannerError(_("无法在 {host}:{port} 上监听：{error}").format(host=host, port=port, error=exc),
                           hint=_("请使用 IP 地址，如 127.0.0.1 或 ::1")) from None
    return FeedServer(inner)


def _connection_limit() -> int:
    """As many open connections as the process may hold, keeping a reserve (idle ones time out).

    The soft descriptor limit is raised to the hard one, as servers do: 1,024 silent clients must
    not lock everyone else out.
    """
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = hard if hard != resource.RLIM_INFINITY else 65536
        if soft != resource.RLIM_INFINITY and soft < wanted:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        return max(16, min(int(soft), 65536) - FILE_RESERVE)
    except (ImportError, ValueError, OSError):  # not on POSIX, or not allowed: waitress's default
        return 100


class _OneLine(logging.Formatter):
    """waitress's messages as one line each: no traceback on the console, ever."""

    def format(self, record: logging.LogRecord) -> str:
        return f"serve: {record.getMessage()}"


def _quiet_waitress() -> None:
    logger = logging.getLogger("waitress")
    if not any(isinstance(h.formatter, _OneLine) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(_OneLine())
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(logging.WARNING)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "task queue depth" under load is normal


@contextmanager
def serving(directory: Path, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve in a background thread for the duration of a with-block; yields the base URL."""
    server = make_server(directory, host, port, loop_timeout=0.05)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.close()
        thread.join(timeout=5)
