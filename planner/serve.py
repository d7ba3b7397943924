"""Serve a feed directory over HTTP, for a team without a calendar server.

Calendar clients poll a subscription every few hours; ETag and Last-Modified let them ask "has it
changed?" and get an empty 304 when it has not. `/` is the index page with webcal:// links built
from the address the browser used, so "subscribe" opens the calendar app directly.

Only files a feed export writes are served (.ics, index.json, index.html); hidden files such as
the export state and anything outside the directory are 404.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate, parsedate_to_datetime
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from planner.errors import PlannerError
from planner.export.index import INDEX_HTML, INDEX_JSON, index_from_json, index_html

CONTENT_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".html": "text/html; charset=utf-8",
}


class FeedHandler(BaseHTTPRequestHandler):
    server_version = "planner"

    def __init__(self, *args: object, directory: Path, **kwargs: object) -> None:
        self.directory = directory
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:  # noqa: N802  (http.server's naming)
        self._respond(with_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(with_body=False)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # quiet: the CLI prints where it serves; per-request lines would drown it

    def _respond(self, *, with_body: bool) -> None:
        found = self._resolve(urlsplit(self.path).path)
        if found is None:
            self._send_error(HTTPStatus.NOT_FOUND, "not found")
            return
        path, body = found
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        mtime = int(path.stat().st_mtime)
        if self._not_modified(etag, mtime):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", formatdate(mtime, usegmt=True))
            self.end_headers()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", CONTENT_TYPES[path.suffix])
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", formatdate(mtime, usegmt=True))
        self.send_header("Cache-Control", "no-cache")  # revalidate: the 304 keeps it cheap
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _resolve(self, url_path: str) -> tuple[Path, bytes] | None:
        """The file behind a URL path and the bytes to send, or None."""
        relative = unquote(url_path).lstrip("/") or INDEX_HTML
        root = self.directory.resolve()
        path = (root / relative).resolve()
        if not path.is_relative_to(root) or path.suffix not in CONTENT_TYPES or not path.is_file():
            return None
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            return None
        if path == root / INDEX_HTML and (root / INDEX_JSON).is_file():
            return path, self._live_index(root)
        return path, path.read_bytes()

    def _live_index(self, root: Path) -> bytes:
        """index.html with webcal:// links to this server, as the client addressed it."""
        index = index_from_json((root / INDEX_JSON).read_text(encoding="utf-8"))
        address = self.server.server_address  # (host, port) for a TCP server
        host = self.headers.get("Host") or f"{address[0]!s}:{address[1]!s}"  # type: ignore[index]
        return index_html(index, base_url=f"http://{host}/")

    def _not_modified(self, etag: str, mtime: int) -> bool:
        # RFC 9110 13.1.3: If-None-Match wins; If-Modified-Since only counts without it.
        match = self.headers.get("If-None-Match")
        if match is not None:
            return match.strip() == "*" or etag in (t.strip() for t in match.split(","))
        since = self.headers.get("If-Modified-Since")
        if since is None:
            return False
        try:
            return mtime <= parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError):
            return False

    def _send_error(self, status: HTTPStatus, text: str) -> None:
        body = (text + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """A server for `directory` (port 0 picks a free port); call serve_forever() on it."""
    if not directory.is_dir():
        raise PlannerError("no such feed directory", file=str(directory), hint="run `planner ical --out DIR` first")
    try:
        return ThreadingHTTPServer((host, port), partial(FeedHandler, directory=directory))
    except OSError as exc:
        raise PlannerError(f"cannot listen on {host}:{port}: {exc.strerror}", hint="try another --port") from None


@contextmanager
def serving(directory: Path, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve in a background thread for the duration of a with-block; yields the base URL."""
    server = make_server(directory, host, port)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        bound_host, bound_port = str(server.server_address[0]), int(server.server_address[1])
        yield f"http://{bound_host}:{bound_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
