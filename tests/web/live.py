"""Servers on loopback for the browser tests: the app in a thread, or `presslens serve` as a process.

Both listen on 127.0.0.1 only, on a port the system picks or that is free,
and stop when the test ends.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import uvicorn

REPO = Path(__file__).resolve().parents[2]


class ThreadServer:
    """`app` served by uvicorn in a thread on 127.0.0.1 (a port the system picks)."""

    def __init__(self, app: Any) -> None:
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", access_log=False, lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="presslens-test-server", daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServeProcess:
    """`presslens serve` in a child process on 127.0.0.1, waited for until /v1/health answers."""

    def __init__(self, *args: str, startup: float = 180.0) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.args = [str(Path(sys.executable).with_name("presslens")), "serve", "--port", str(self.port), *args]
        self.startup = startup
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = b""

    def __enter__(self) -> str:
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
        self.proc = subprocess.Popen(self.args, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.startup
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                out = self.proc.stdout.read() if self.proc.stdout else b""
                raise RuntimeError(f"presslens serve exited with {self.proc.returncode}: {out.decode(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/v1/health", timeout=2) as reply:
                    if json.load(reply)["status"] == "ok":
                        return self.url
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        self.__exit__()
        raise TimeoutError(f"presslens serve did not answer within {self.startup:.0f} s")

    def __exit__(self, *exc: object) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            out, _ = self.proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate()
        self.log = out or b""
