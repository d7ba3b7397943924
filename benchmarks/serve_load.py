"""Load on `planner serve`, on loopback only: many clients at once, and many idle sockets.

    .venv/bin/python benchmarks/serve_load.py [--requests 10000] [--concurrency 50] [--idle 1000]

Exports the embedded plan to a temporary directory, starts `planner serve --port 0` on 127.0.0.1
as a child process, and measures from this process:

1. `--requests` GETs of one department feed by `--concurrency` clients, each request on a new
   connection (as calendar apps poll): errors (refused, reset, timeout, non-200) and latency
   percentiles. Targets: 0 errors, p99 < 200 ms.
2. With `--idle` sockets connected and silent, the latency of 20 normal requests.
   Target: each < 100 ms.

Everything is bounded: fixed counts, a 10 s timeout per request, and the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import http.client
import re
import resource
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

FEED = "/taiyuan/shi-chang-jian-guan-ju.ics"
HOST = "127.0.0.1"


def fetch(port: int) -> tuple[bool, float]:
    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        connection.request("GET", FEED)
        response = connection.getresponse()
        ok = response.status == 200 and len(response.read()) > 0
        connection.close()
    except OSError:
        ok = False
    return ok, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def load(port: int, requests: int, concurrency: int) -> None:
    cpu = time.process_time()
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(lambda _: fetch(port), range(requests)))
    wall = time.perf_counter() - started
    times = [t * 1000 for _, t in results]
    errors = sum(not ok for ok, _ in results)
    print(f"load: {requests} requests of {FEED} at concurrency {concurrency}: {errors} errors, "
          f"p50 {percentile(times, 0.5):.1f} ms, p99 {percentile(times, 0.99):.1f} ms, max {max(times):.1f} ms; "
          f"{wall:.1f} s wall, {requests / wall:.0f} req/s (client CPU {time.process_time() - cpu:.1f} s)")


def idle(port: int, count: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < count + 64:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 256), hard))
    sockets = [socket.create_connection((HOST, port), timeout=10) for _ in range(count)]
    try:
        time.sleep(1)  # let the server accept them all
        times = [fetch(port) for _ in range(20)]
        worst = max(t for _, t in times) * 1000
        errors = sum(not ok for ok, _ in times)
        print(f"idle: {count} silent sockets open; 20 normal requests: {errors} errors, "
              f"median {percentile([t * 1000 for _, t in times], 0.5):.1f} ms, max {worst:.1f} ms")
    finally:
        for sock in sockets:
            sock.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--idle", type=int, default=1000)
    args = parser.parse_args()
    planner = [sys.executable, "-m", "planner"]
    with tempfile.TemporaryDirectory() as scratch:
        feeds = Path(scratch) / "calendars"
        subprocess.run([*planner, "ical", "--out", str(feeds)], check=True, capture_output=True)
        server = subprocess.Popen([*planner, "serve", "--port", "0", "--host", HOST, "--dir", str(feeds)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            port = int(re.search(r":(\d+)/", server.stdout.readline())[1])  # type: ignore[index]
            load(port, args.requests, args.concurrency)
            idle(port, args.idle)
        finally:
            server.terminate()
            _, errors = server.communicate(timeout=10)
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(f"children CPU, ical export + server (user+sys): {usage.ru_utime + usage.ru_stime:.1f} s; "
              f"server stderr: {errors.strip() or '(nothing)'}")



if __name__ == "__main__":
    main()
