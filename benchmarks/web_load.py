"""Load on `presslens serve`: requests/s and latency at 1, 4 and 16 concurrent clients, on loopback.

Starts `presslens serve` on 127.0.0.1 (a free port, the real models), waits until it answers,
then for each concurrency level sends a bounded number of `POST /v1/analyze` requests with
the example article (or `--text FILE`) from that many client threads, each sending its next
request when the last is answered. Prints, per level: requests answered 200, requests/s of
those, latency p50/p95/p99 of those, 503s (the server's queue was full: refused at once with
Retry-After, counted apart) and errors (any other status or a failed connection). The server
is stopped at the end. Nothing leaves the machine; every loop is bounded in count and time.

    python benchmarks/web_load.py                          # 1, 4, 16 clients; 24 requests each
    python benchmarks/web_load.py --requests 48 --workers 2 --max-queue 4
    python benchmarks/web_load.py --url http://127.0.0.1:8000   # a server already running
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "harbour_strike.txt"
LEVELS = (1, 4, 16)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _post(url: str, body: bytes, timeout: float) -> tuple[int, float]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}, method="POST")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            reply.read()
            status = reply.status
    except urllib.error.HTTPError as err:
        err.read()
        status = err.code
    except (urllib.error.URLError, OSError):
        status = 0
    return status, time.perf_counter() - started


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def run_level(url: str, body: bytes, *, clients: int, requests: int, timeout: float) -> dict[str, float]:
    """`requests` requests from `clients` threads; the counts and latencies of what came back."""
    lock = threading.Lock()
    left = [requests]
    ok: list[float] = []
    refused = [0]
    errors: list[int] = []

    def client() -> None:
        while True:
            with lock:
                if left[0] == 0:
                    return
                left[0] -= 1
            status, seconds = _post(url, body, timeout)
            with lock:
                if status == 200:
                    ok.append(seconds)
                elif status == 503:
                    refused[0] += 1
                else:
                    errors.append(status)
            if status == 503:
                time.sleep(0.05)  # a refused client waits a moment, as Retry-After asks, but not the full hint

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {
        "clients": clients,
        "ok": len(ok),
        "rps": len(ok) / wall if wall else 0.0,
        "p50": statistics.median(ok) if ok else float("nan"),
        "p95": _percentile(ok, 95),
        "p99": _percentile(ok, 99),
        "busy_503": refused[0],
        "errors": len(errors),
        "wall": wall,
    }


def _start_server(args: argparse.Namespace) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    command = [
        str(Path(sys.executable).with_name("presslens")), "serve", "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(args.workers), "--max-queue", str(args.max_queue), "--timeout", str(args.timeout),
    ]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"presslens serve exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/v1/health", timeout=2) as reply:
                if json.load(reply)["status"] == "ok":
                    return proc, url
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("presslens serve did not answer within 180 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=24, help="requests per concurrency level (default 24)")
    parser.add_argument("--levels", default=",".join(map(str, LEVELS)), help="concurrent clients, comma-separated")
    parser.add_argument("--text", type=Path, default=EXAMPLE, help="the article to send (default: the example)")
    parser.add_argument("--workers", type=int, default=1, help="the server's --workers (default 1)")
    parser.add_argument("--max-queue", type=int, default=8, help="the server's --max-queue (default 8)")
    parser.add_argument("--timeout", type=float, default=120.0, help="the server's and each request's timeout, s")
    parser.add_argument("--url", help="use this running server (loopback only) instead of starting one")
    args = parser.parse_args()
    if args.url and not args.url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise SystemExit("--url must be a loopback address: this benchmark sends load to this machine only")
    if not 1 <= args.requests <= 1000:
        raise SystemExit("--requests must be between 1 and 1000")
    body = json.dumps({"text": args.text.read_text(encoding="utf-8"), "published": "2026-03-10"}).encode()
    proc, url = (None, args.url.rstrip("/")) if args.url else _start_server(args)
    try:
        endpoint = f"{url}/v1/analyze"
        _post(endpoint, body, args.timeout)  # warm-up, not counted
        print(
            f"POST /v1/analyze, {len(body):,}-byte body, {args.requests} requests per level; server: "
            f"{'given' if args.url else f'--workers {args.workers} --max-queue {args.max_queue}'}; {os.cpu_count()} CPUs"
        )
        print(f"{'clients':>7} {'ok':>4} {'req/s':>6} {'p50 s':>6} {'p95 s':>6} {'p99 s':>6} {'503':>4} {'errors':>6}")
        for clients in (int(x) for x in args.levels.split(",")):
            r = run_level(endpoint, body, clients=clients, requests=args.requests, timeout=args.timeout)
            print(
                f"{r['clients']:>7} {r['ok']:>4} {r['rps']:>6.2f} {r['p50']:>6.2f} {r['p95']:>6.2f} {r['p99']:>6.2f} "
                f"{r['busy_503']:>4} {r['errors']:>6}",
                flush=True,
            )
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    main()
