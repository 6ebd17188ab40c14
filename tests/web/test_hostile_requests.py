"""Issue 23: every route that does work holds the queue limit and timeout; hostile requests get clean answers."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import threading
import time

import pytest
import uvicorn

from presslens.web.connection import timed_protocol
from presslens.web.security import BodyLimit, log_safe, redact_input
from tests.conftest import EXAMPLE
from tests.web.fakes import GATE, WAIT
from tests.web.helpers import client_for, fake_app
from tests.web.test_app import PAGE, _error

SAMPLE = EXAMPLE.read_text(encoding="utf-8")


def _hold_the_only_worker(client) -> threading.Thread:
    """Start an analysis that blocks the single worker until GATE is set; wait until it holds the slot."""
    GATE.clear()
    thread = threading.Thread(target=lambda: client.post("/v1/analyze", json={"text": f"Hold {WAIT} on."}))
    thread.start()
    deadline = time.monotonic() + 5
    while client.get("/v1/health").json()["busy"] < 1:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    return thread


@pytest.mark.parametrize("route", ["/v1/view", "/v1/report", "/v1/analyze/file"])
def test_web_every_working_route_answers_503_when_the_queue_is_full(route: str):
    with client_for(workers=1, max_queue=0) as client:
        doc = client.post("/v1/analyze", json={"text": SAMPLE}).json()
        thread = _hold_the_only_worker(client)
        try:
            if route == "/v1/analyze/file":
                response = client.post(f"{route}?filename=p.html", content=PAGE.encode(),
                                       headers={"content-type": "application/octet-stream"})
            else:
                response = client.post(route, json=doc)
            _error(response, 503, "busy")
        finally:
            GATE.set()
            thread.join(10)
        ok = client.post(route, json=doc) if route != "/v1/analyze/file" else client.post(
            f"{route}?filename=p.html", content=PAGE.encode(), headers={"content-type": "application/octet-stream"})
        assert ok.status_code == 200, ok.text


def test_web_file_upload_extracts_the_html_inside_the_queue(monkeypatch):
    import presslens.web.app as web_app

    seen: list[tuple[str, int]] = []
    real = web_app.document_from_bytes

    def spy(*args, **kwargs):
        seen.append((threading.current_thread().name, client.app.state.queue.pending))
        return real(*args, **kwargs)

    monkeypatch.setattr(web_app, "document_from_bytes", spy)
    with client_for() as client:
        response = client.post("/v1/analyze/file?filename=p.html", content=PAGE.encode(),
                               headers={"content-type": "application/octet-stream"})
    assert response.status_code == 200
    [(thread, pending)] = seen
    assert thread.startswith("presslens-web") and pending == 1


def test_web_slow_extraction_is_504(monkeypatch):
    import presslens.web.app as web_app

    def slow(*args, **kwargs):
        GATE.wait(10)
        raise AssertionError("never reached in time")

    GATE.clear()
    monkeypatch.setattr(web_app, "document_from_bytes", slow)
    with client_for(workers=1, max_queue=0, timeout=0.3) as client:
        try:
            response = client.post("/v1/analyze/file?filename=p.html", content=PAGE.encode(),
                                   headers={"content-type": "application/octet-stream"})
            _error(response, 504, "timeout")
        finally:
            GATE.set()


def test_web_view_and_report_still_refuse_a_bad_document_with_422_without_echo():
    with client_for() as client:
        doc = client.post("/v1/analyze", json={"text": SAMPLE}).json()
        doc["sentences"][0]["text"] = "Zanzibar-quokka-7781"
        for route in ("/v1/view", "/v1/report"):
            err = _error(client.post(route, json=doc), 422, "invalid_request")
            assert err["fields"][0]["loc"].startswith("body.sentences.0")
            assert "Zanzibar-quokka-7781" not in json.dumps(err)
        err = _error(client.post("/v1/view", content=b"{", headers={"content-type": "application/json"}), 422,
                     "invalid_request")
        _error(client.post("/v1/view", content=b"{}", headers={"content-type": "text/plain"}), 422, "invalid_request")


def test_web_422_messages_never_echo_the_submitted_values():
    with client_for() as client:
        err = _error(client.post("/v1/analyze", json={"text": "x", "colour": "Zanzibar-quokka-7781"}), 422,
                     "invalid_request")
        assert "Zanzibar-quokka-7781" not in json.dumps(err)
    assert redact_input("span text 'Zanzibar-quokka' has length 14", {"text": "Zanzibar-quokka"}) == (
        "span text '…' has length 14"
    )
    assert redact_input("Input should be 'author' or 'quoted'", "nonsense") == "Input should be 'author' or 'quoted'"


def test_web_empty_api_key_header_does_not_override_a_valid_bearer_key():
    with client_for(api_key="k-123") as client:
        assert client.get("/v1/version", headers={"x-api-key": "", "authorization": "Bearer k-123"}).status_code == 200
        assert client.get("/v1/version", headers={"x-api-key": " ", "authorization": "Bearer k-123"}).status_code == 200
        _error(client.get("/v1/version", headers={"x-api-key": ""}), 401, "unauthorized")


@pytest.mark.parametrize("path", ["/v1/x%0aPOST%20/v1/analyze%20200", "/v1/%1b[2J", "/v1/%00nul", "/v1/%c3%a9%5c"])
def test_web_request_log_escapes_what_a_path_could_forge(caplog, path: str):
    with caplog.at_level(logging.INFO), client_for() as client:
        client.get(path)
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("GET /v1/")]
    assert lines and all(not any(ord(c) < 32 or ord(c) > 126 for c in line) for line in lines)
    assert log_safe("/a\nb\x1b\x00é\\") == "/a\\nb\\x1b\\x00\\xe9\\\\"


def test_web_slow_body_is_408():
    sent: list[dict] = []

    async def app(scope, receive, send):  # never reached
        raise AssertionError

    async def receive():
        await asyncio.sleep(10)
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "headers": [], "method": "POST", "path": "/v1/analyze"}
    asyncio.run(BodyLimit(app, max_bytes=100, read_timeout=0.2)(scope, receive, send))
    assert sent[0]["status"] == 408
    assert json.loads(sent[1]["body"])["error"]["code"] == "request_timeout"


def test_web_slow_request_head_is_cut_off():
    config = uvicorn.Config(fake_app(), host="127.0.0.1", port=0, log_level="warning", http=timed_protocol(0.5),
                            lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=5) as slow:
            slow.sendall(b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # the head never ends
            started = time.monotonic()
            assert slow.recv(100) == b""  # closed by the server
            assert time.monotonic() - started < 4
        with socket.create_connection(("127.0.0.1", port), timeout=5) as quick:
            quick.sendall(b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert quick.recv(100).startswith(b"HTTP/1.1 200")
    finally:
        server.should_exit = True
        thread.join(10)


def test_web_and_library_refuse_text_with_nul_as_the_cli_does():
    import presslens
    from presslens.errors import InputError

    with client_for() as client:
        err = _error(client.post("/v1/analyze", json={"text": "The port\u0000 reopened."}), 422, "invalid_document")
        assert "NUL character (U+0000)" in err["message"]
    with pytest.raises(InputError, match="NUL character"):
        presslens.analyze("The port\x00 reopened.", pipeline=object())  # type: ignore[arg-type]
