"""A local HTTP server for the fetch tests and the README example: 127.0.0.1 only.

    python -m tests.site            # serves on http://127.0.0.1:8765/ until Ctrl-C
    python -m tests.site --port 0   # any free port (printed)

Besides the fixed pages of `pages.site()` it serves `/slow` (headers at once,
then one byte a second), `/huge` (an endless body with no Content-Length),
`/huge-declared` (a Content-Length of 1 GB) and the feeds with links to its
own address. It counts requests per path, so tests can check what was fetched.
"""

from __future__ import annotations

import argparse
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .pages import article, atom, rss, site

HOST = "127.0.0.1"


class Site(ThreadingHTTPServer):
    """The server and what it has been asked for."""

    daemon_threads = True

    def __init__(self, port: int = 0) -> None:
        super().__init__((HOST, port), _Handler)
        self.hits: Counter[str] = Counter()
        self.user_agents: list[str] = []
        self.pages = site()
        self.pages["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, rss(self.base).encode())
        self.pages["/atom.xml"] = (200, {"Content-Type": "application/atom+xml"}, atom(self.base).encode())

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path


class _Handler(BaseHTTPRequestHandler):
    server: Site

    def log_message(self, format: str, *args: object) -> None:  # quiet: tests read `hits`
        return

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        self.server.hits[path] += 1
        self.server.user_agents.append(self.headers.get("User-Agent", ""))
        if path == "/slow":
            self._slow()
        elif path == "/huge":
            self._huge()
        elif path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(10**9))
            self.end_headers()
        elif path in self.server.pages:
            status, headers, body = self.server.pages[path]
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def _slow(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            for ch in article("Slow page").encode():
                self.wfile.write(bytes([ch]))
                self.wfile.flush()
                time.sleep(1.0)
        except OSError:
            return

    def _huge(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        block = b"<p>" + b"word " * 2000 + b"</p>"
        try:
            for _ in range(100_000):
                self.wfile.write(block)
        except OSError:
            return


@contextmanager
def running(port: int = 0) -> Iterator[Site]:
    """The site served from a background thread while the block runs."""
    server = Site(port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the presslens test site on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    server = Site(args.port)
    print(f"serving the test site on {server.base}/ (Ctrl-C stops it); try:")
    for path in ("/news/quay-closure", "/news/ferry-fares", "/2024/05/17/ferry-timetable", "/feed.xml"):
        print(f"  {server.url(path)}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
