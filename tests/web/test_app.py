"""The REST API with FastAPI's TestClient and the light pipeline: results, options, every error case."""

from __future__ import annotations

import json
import logging
import threading
import time

import jsonschema
import pytest

from presslens.document import json_schema
from presslens.web import Settings, create_app, get_pipeline
from tests.conftest import EXAMPLE
from tests.fakes import BOOM, GATE, WAIT, light_pipeline
from tests.web.helpers import client_for, fake_app

SAMPLE = EXAMPLE.read_text(encoding="utf-8")
PAGE = (
    "<!DOCTYPE html><html><head><title>Harbour page</title>"
    '<meta property="article:published_time" content="2026-03-09"></head><body><nav>Home | News</nav>'
    "<article><h1>Dock strike</h1><p>Union leader Marta Okonkwo-Reyes said on Monday that the offer was "
    '"an insult" to every family in Port Alvera.</p><p>The harbour authority said the offer of 4.5 percent '
    "was fair and final, and that talks would resume by Friday.</p></article><footer>Contact</footer></body></html>"
)


@pytest.fixture
def client():
    with client_for() as c:
        yield c


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert "Traceback" not in response.text and 'File "' not in response.text
    return body["error"]


# --- results ------------------------------------------------------------------------------------


def test_app_analyze_returns_the_json_contract(client):
    response = client.post("/v1/analyze", json={"text": SAMPLE, "published": "2026-03-10", "title": "Dock strike"})
    assert response.status_code == 200
    doc = response.json()
    jsonschema.validate(doc, json_schema())
    assert doc["text"] == SAMPLE and doc["title"] == "Dock strike" and doc["published"] == "2026-03-10"
    for layer in ("sentences", "entities", "times", "quotes", "techniques", "claims"):
        assert doc[layer], layer
        for span in doc[layer]:
            assert SAMPLE[span["start"] : span["end"]] == span["text"]
    assert "tokens" not in doc


def test_app_analyze_counts_offsets_in_code_points(client):
    text = "\U0001f600 Union leader Marta Okonkwo-Reyes called it \"an insult\" on Monday."
    doc = client.post("/v1/analyze", json={"text": text}).json()
    insult = next(t for t in doc["techniques"] if t["text"] == "insult")
    assert text[insult["start"] : insult["end"]] == "insult"


def test_app_analyze_reads_an_html_page_and_lets_the_request_override_it(client):
    doc = client.post("/v1/analyze", json={"html": PAGE}).json()
    assert "Okonkwo-Reyes" in doc["text"] and "Contact" not in doc["text"]
    assert doc["title"] == "Dock strike"
    doc = client.post("/v1/analyze", json={"html": PAGE, "title": "Mine", "source": "The Gazette", "id": "p1"}).json()
    assert (doc["title"], doc["source"], doc["id"]) == ("Mine", "The Gazette", "p1")


def test_app_analyze_layers_option_runs_only_the_stages_needed(client):
    doc = client.post("/v1/analyze?layers=quotes", json={"text": SAMPLE}).json()
    assert "quotes" in doc and "claims" not in doc and "techniques" not in doc and "sentences" not in doc
    assert doc["pipeline"] == ["fake-parse.v1", "fake-entities.v1", "fake-quotes.v1"]
    doc = client.post("/v1/analyze?layers=tokens&layers=claims&layers=claims", json={"text": SAMPLE}).json()
    assert "claims" in doc and "quotes" not in doc


def test_app_analyze_min_score_shows_spans_at_or_above_it_and_recounts_voices(client):
    full = client.post("/v1/analyze", json={"text": SAMPLE}).json()
    high = client.post("/v1/analyze?min_score=0.5", json={"text": SAMPLE}).json()
    assert {t["score"] for t in full["techniques"]} > {t["score"] for t in high["techniques"]}
    assert all(t["score"] >= 0.5 for t in high["techniques"])
    counted = sum(sum(v["techniques"].values()) for v in high["voices"])
    assert counted == len(high["techniques"]) < len(full["techniques"])
    # the old name has the same meaning
    assert client.post("/v1/analyze?threshold=0.5", json={"text": SAMPLE}).json()["techniques"] == high["techniques"]


def test_app_min_score_has_the_meaning_of_the_cli_option():
    import typer.main

    from presslens.cli import get_app
    from presslens.techniques.stage import MIN_SCORE_MEANING
    from presslens.web.app import analysis_options

    analyze = typer.main.get_command(get_app()).get_command(None, "analyze")
    assert next(p.help for p in analyze.params if p.name == "min_score") == MIN_SCORE_MEANING
    description = create_app(load=lambda: None).openapi()["paths"]["/v1/analyze"]["post"]["parameters"]
    assert any(MIN_SCORE_MEANING in (p.get("description") or "") for p in description if p["name"] == "min_score")
    assert analysis_options(min_score=0.0, threshold=None).min_score == 0.0
    assert analysis_options(min_score=None, threshold=None).min_score is None


def test_app_batch_keeps_order_and_reports_each_failure_in_its_place():
    with client_for(max_chars=1000) as client:
        response = client.post(
            "/v1/analyze/batch",
            json={
                "documents": [
                    {"id": "a", "text": "Mayor Ines Baptiste said on Friday that 3 bridges would close."},
                    {"text": "   "},
                    {"id": "c", "text": f"Text that breaks a stage {BOOM}."},
                    {"id": "d", "text": "x " * 600},
                    {"id": "e", "html": "<html><body><nav>menu</nav></body></html>"},
                    {"id": "f", "text": "Prices rose 4% last year.", "published": "2026-03-10"},
                ]
            },
        )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["index"] for r in results] == list(range(6))
    assert [r["id"] for r in results] == ["a", "doc-1", "c", "d", "e", "f"]
    assert results[0]["document"]["claims"] and results[5]["document"]["published"] == "2026-03-10"
    codes = {r["id"]: r["error"]["code"] for r in results if "error" in r}
    assert codes == {"doc-1": "invalid_document", "c": "stage_failed", "d": "document_too_long", "e": "invalid_document"}
    assert "breaks a stage" not in results[2]["error"]["message"] and "cannot handle" not in response.text


def test_app_file_upload_decodes_like_the_command_line(client):
    text = "Caf\u00e9 owners in Port Alvera said the 4.5 percent offer was \u201can insult\u201d."
    response = client.post(
        "/v1/analyze/file?filename=story.txt&published=2026-03-10",
        content=text.encode("cp1252"),
        headers={"content-type": "application/octet-stream"},
    )
    doc = response.json()
    assert response.status_code == 200, response.text
    assert doc["text"] == text and doc["encoding"] == "cp1252" and doc["id"] == "story"
    assert doc["published"] == "2026-03-10"
    page = client.post("/v1/analyze/file?filename=page.html", content=PAGE.encode(), headers={"content-type": "text/html"})
    assert page.json()["title"] == "Dock strike" and page.json()["id"] == "page"
    sniffed = client.post("/v1/analyze/file", content=PAGE.encode(), headers={"content-type": "application/octet-stream"})
    assert sniffed.json()["title"] == "Dock strike"


def test_app_version_names_the_stages(client):
    body = client.get("/v1/version").json()
    assert body["stages"] == light_pipeline().names
    assert body["schema_version"] == "2.1" and body["api"] == "v1" and body["presslens"]


def test_app_health_reports_limits_and_load(client):
    body = client.get("/v1/health").json()
    assert body["status"] == "ok" and body["busy"] == 0 and body["auth_required"] is False
    assert body["capacity"] == 17 and body["limits"]["max_chars"] == 200_000


def test_app_view_computes_the_side_panel_and_charts_like_the_report(client):
    doc = client.post("/v1/analyze", json={"text": SAMPLE}).json()
    view = client.post("/v1/view", json=doc).json()
    assert view["counts"]["techniques"] == len(doc["techniques"])
    assert view["charts"]["bars"].startswith("<svg") and 'href="#d0-tec-' in view["charts"]["bars"]
    assert 'class="strip"' in view["charts"]["strip"]
    assert len(view["notes"]["techniques"]) == len(doc["techniques"])
    assert view["notes"]["techniques"][0].startswith("Loaded language (LL): score 0.82 (high), in ")
    assert [c["score"] for c in view["claims"]] == sorted((c["score"] for c in view["claims"]), reverse=True)
    assert view["voices"][0]["speaker"] == "author"


def test_app_report_is_the_html_report_as_an_attachment(client):
    doc = client.post("/v1/analyze", json={"text": "Mayor <script>alert(1)</script> said 4 things.", "id": "a/b"}).json()
    response = client.post("/v1/report", json=doc)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-disposition"] == 'attachment; filename="presslens-a-b.html"'
    assert "script-src" not in response.headers["content-security-policy"]
    assert "<script>alert" not in response.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_app_presentation_comes_from_the_shared_presentation_module(client):
    from presslens.report import presentation as p

    body = client.get("/v1/presentation").json()
    assert [t["label"] for t in body["techniques"]] == list(p.TECHNIQUES)
    first = body["techniques"][0]
    assert (first["name"], first["code"], first["colour"], first["class"]) == (
        "Loaded language", "LL", p.technique_colour("Loaded_Language"), "t0"
    )
    assert body["layers"]["claims"]["colour"] == p.CLAIM_COLOUR


# --- errors: one shape, the right status ---------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"text": ""}, "invalid_document"),
        ({"text": " \n\t "}, "invalid_document"),
        ({"html": "<html><body><nav>menu</nav></body></html>"}, "invalid_document"),
        ({"text": "Some text.", "published": "2026-02-30"}, "invalid_option"),
        ({"text": "Some text.", "published": "yesterday"}, "invalid_option"),
        ({"text": "a", "html": "<p>a</p>"}, "invalid_request"),
        ({}, "invalid_request"),
        ({"text": 5}, "invalid_request"),
        ({"text": "Some text.", "colour": "red"}, "invalid_request"),
        ({"text": "Some text.", "title": "t" * 2001}, "invalid_request"),
        ([{"text": "a list"}], "invalid_request"),
    ],
)
def test_app_analyze_refuses_an_invalid_article_with_422(client, body, code):
    _error(client.post("/v1/analyze", json=body), 422, code)


def test_app_validation_errors_list_each_field_without_echoing_input(client):
    err = _error(client.post("/v1/analyze", json={"text": 5, "secret": "s3cr3t-value"}), 422, "invalid_request")
    assert {f["loc"] for f in err["fields"]} == {"body.text", "body.secret"}
    assert "s3cr3t-value" not in json.dumps(err)


@pytest.mark.parametrize(
    "raw",
    [b"{", b'{"text": "\\ud800 lone"}', b"\xff\xfe not json", b"null"],
    ids=["truncated", "lone-surrogate", "not-utf8", "null"],
)
def test_app_analyze_refuses_malformed_json_with_422(client, raw):
    response = client.post("/v1/analyze", content=raw, headers={"content-type": "application/json"})
    status = 400 if raw.startswith(b"\xff") else 422  # bytes that are not UTF-8 cannot even be parsed
    assert response.status_code == status
    assert response.json()["error"]["code"] in ("invalid_request", "invalid_document")


def test_app_analyze_needs_a_json_content_type(client):
    response = client.post("/v1/analyze", content=b'{"text": "Some text."}', headers={"content-type": "text/plain"})
    _error(response, 422, "invalid_request")


@pytest.mark.parametrize(
    "query", ["layers=nonsense", "min_score=1.5", "min_score=-0.1", "min_score=abc", "threshold=1.5", "threshold=abc"]
)
def test_app_analyze_refuses_bad_options_with_422(client, query):
    _error(client.post(f"/v1/analyze?{query}", json={"text": "Some text."}), 422, "invalid_request")


def test_app_long_article_is_413_document_too_long():
    with client_for(max_chars=50) as client:
        err = _error(client.post("/v1/analyze", json={"text": "word " * 20}), 413, "document_too_long")
    assert "100 characters" in err["message"] and "50" in err["message"]


def test_app_large_body_is_413_before_it_is_read():
    with client_for(max_body_bytes=1000) as client:
        _error(client.post("/v1/analyze", json={"text": "word " * 400}), 413, "body_too_large")
        _error(client.post("/v1/analyze", content=b"x", headers={"content-length": "5000"}), 413, "body_too_large")


def test_app_large_body_without_content_length_is_413():
    def chunks():
        for _ in range(50):
            yield b"x" * 100

    with client_for(max_body_bytes=1000) as client:
        response = client.post("/v1/analyze", content=chunks(), headers={"content-type": "application/json"})
    _error(response, 413, "body_too_large")


def test_app_batch_over_the_limit_is_413_and_an_empty_batch_422():
    with client_for(max_batch=2) as client:
        _error(client.post("/v1/analyze/batch", json={"documents": [{"text": "a"}] * 3}), 413, "batch_too_large")
        _error(client.post("/v1/analyze/batch", json={"documents": []}), 422, "invalid_request")


@pytest.mark.parametrize(
    ("query", "content", "mime", "status", "code"),
    [
        ("filename=a.txt", b"Some text.", "text/plain", 415, "unsupported_media_type"),
        ("filename=a.txt", b"Some text.", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        ("filename=a.txt", b"Some text.", None, 415, "unsupported_media_type"),
        ("filename=a.jsonl", b'{"id": 1, "text": "x"}', "application/octet-stream", 422, "invalid_document"),
        ("filename=a.pdf", b"%PDF-1.4", "application/octet-stream", 422, "invalid_document"),
        ("filename=a.txt", b"\x00\x01\x02binary\x00" * 20, "application/octet-stream", 422, "invalid_document"),
        ("filename=a.txt", b"   ", "application/octet-stream", 422, "invalid_document"),
        ("filename=a.txt&published=March", b"Some text.", "application/octet-stream", 422, "invalid_option"),
    ],
)
def test_app_file_upload_errors(client, query, content, mime, status, code):
    headers = {"content-type": mime} if mime else {}
    _error(client.post(f"/v1/analyze/file?{query}", content=content, headers=headers), status, code)


def test_app_stage_failure_is_500_without_the_text_or_a_trace(client, caplog):
    with caplog.at_level(logging.DEBUG):
        response = client.post("/v1/analyze", json={"text": f"Secret words {BOOM} here."})
    err = _error(response, 500, "stage_failed")
    assert "fake-techniques.v1" in err["message"] and "Secret" not in err["message"]
    assert "Secret words" not in caplog.text and "RuntimeError" in caplog.text


def test_app_unexpected_bug_is_500_internal_error_without_details(caplog):
    with client_for(pipeline=object()) as client, caplog.at_level(logging.DEBUG):
        response = client.post("/v1/analyze", json={"text": "Confidential draft about the mayor."})
    err = _error(response, 500, "internal_error")
    assert "AttributeError" not in response.text and "object" not in err["message"]
    assert "Confidential" not in caplog.text
    assert response.headers["content-security-policy"].startswith("default-src 'none'")


@pytest.mark.parametrize(("method", "path", "status", "code"), [
    ("get", "/nowhere", 404, "not_found"),
    ("get", "/v1/analyze", 405, "method_not_allowed"),
    ("delete", "/v1/health", 405, "method_not_allowed"),
    ("get", "/static/missing.js", 404, "not_found"),
])
def test_app_unknown_routes_answer_in_the_error_shape(client, method, path, status, code):
    _error(getattr(client, method)(path), status, code)


def test_app_view_refuses_a_document_whose_spans_do_not_match_its_text(client):
    doc = client.post("/v1/analyze", json={"text": SAMPLE}).json()
    doc["claims"][0]["text"] = "something else"
    _error(client.post("/v1/view", json=doc), 422, "invalid_request")
    _error(client.post("/v1/report", json={"text": "no id"}), 422, "invalid_request")


# --- the API key ---------------------------------------------------------------------------------


def test_app_api_key_is_required_on_v1_but_health_and_the_page():
    with client_for(api_key="k-123") as client:
        err = _error(client.post("/v1/analyze", json={"text": "Some text."}), 401, "unauthorized")
        assert "X-API-Key" in err["message"]
        response = client.get("/v1/version", headers={"x-api-key": "wrong"})
        assert response.status_code == 401 and response.headers["www-authenticate"].startswith("Bearer")
        assert client.get("/v1/version", headers={"x-api-key": "k-123"}).status_code == 200
        assert client.get("/v1/version", headers={"authorization": "Bearer k-123"}).status_code == 200
        assert client.get("/v1/health").json()["auth_required"] is True
        assert client.get("/").status_code == 200 and client.get("/static/app.js").status_code == 200


def test_app_settings_take_the_api_key_from_the_environment(monkeypatch):
    monkeypatch.setenv("PRESSLENS_API_KEY", "from-env")
    assert Settings.from_env().api_key == "from-env"
    assert Settings.from_env(api_key="given").api_key == "given"
    monkeypatch.delenv("PRESSLENS_API_KEY")
    assert Settings.from_env().api_key is None


# --- load: queue limit and timeout ---------------------------------------------------------------


def _wait_busy(client, n: int) -> None:
    deadline = time.monotonic() + 5
    while client.get("/v1/health").json()["busy"] < n:
        assert time.monotonic() < deadline, "the first request never reached the worker"
        time.sleep(0.01)


def test_app_full_queue_answers_503_with_retry_after():
    GATE.clear()
    with client_for(workers=1, max_queue=0) as client:
        first: dict = {}
        thread = threading.Thread(
            target=lambda: first.setdefault("r", client.post("/v1/analyze", json={"text": f"Hold {WAIT} on."}))
        )
        thread.start()
        try:
            _wait_busy(client, 1)
            response = client.post("/v1/analyze", json={"text": "Second article."})
            _error(response, 503, "busy")
            assert int(response.headers["retry-after"]) >= 1
        finally:
            GATE.set()
            thread.join(10)
        assert first["r"].status_code == 200
        assert client.post("/v1/analyze", json={"text": "Third article."}).status_code == 200


def test_app_slow_analysis_is_504_and_frees_its_slot_when_done():
    GATE.clear()
    with client_for(workers=1, max_queue=0, timeout=0.3) as client:
        try:
            _error(client.post("/v1/analyze", json={"text": f"Slow {WAIT} text."}), 504, "timeout")
            assert client.get("/v1/health").json()["busy"] == 1  # still running: the slot is not handed out twice
        finally:
            GATE.set()
        deadline = time.monotonic() + 5
        while client.get("/v1/health").json()["busy"]:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert client.post("/v1/analyze", json={"text": "Quick text."}).status_code == 200


# --- safety: headers, host, what is logged -------------------------------------------------------


def test_app_every_response_carries_the_security_headers(client):
    for response in (client.get("/"), client.get("/v1/health"), client.get("/nowhere"), client.get("/static/app.js")):
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert "require-trusted-types-for 'script'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    assert client.get("/v1/health").headers["cache-control"] == "no-store"


def test_app_refuses_other_host_names_when_bound_to_loopback():
    with client_for(allowed_hosts=("127.0.0.1", "localhost")) as client:
        _error(client.get("/v1/health", headers={"host": "attacker.example:8000"}), 400, "invalid_host")
        assert client.get("/v1/health", headers={"host": "127.0.0.1:8000"}).status_code == 200
        assert client.get("/v1/health", headers={"host": "localhost"}).status_code == 200


def test_app_logs_no_submitted_content_unless_the_operator_asks(caplog):
    marker = "Zanzibar-quokka-7781"
    with caplog.at_level(logging.DEBUG), client_for() as client:
        client.post("/v1/analyze", json={"text": f"{marker} said 4 things.", "title": marker})
        client.post("/v1/analyze/file?filename=x.txt", content=marker.encode(), headers={"content-type": "application/octet-stream"})
    assert marker not in caplog.text
    assert "POST /v1/analyze 200" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.INFO), client_for(log_content=True) as client:
        client.post("/v1/analyze", json={"text": f"{marker} said 4 things."})
        assert client.get("/v1/health").json()["content_logged"] is True
    assert marker in caplog.text


# --- start-up ------------------------------------------------------------------------------------


def test_app_loads_the_models_once_at_start_up():
    calls = []

    def load():
        calls.append(1)
        return light_pipeline()

    from fastapi.testclient import TestClient

    app = create_app(Settings(), load=load)
    assert calls == []  # building the app loads nothing
    with TestClient(app) as client:
        assert calls == [1]
        for _ in range(3):
            assert client.post("/v1/analyze", json={"text": "Some text."}).status_code == 200
    assert calls == [1]


def test_app_overridden_pipeline_means_no_model_is_loaded():
    app = fake_app()
    assert get_pipeline in app.dependency_overrides
    from fastapi.testclient import TestClient

    with TestClient(app) as client:  # fake_app's loader raises if called
        assert client.get("/v1/version").status_code == 200


def test_app_view_shows_how_actors_are_named_as_the_cli_and_report_do(client):
    from presslens.actors.summary import naming_rows
    from presslens.document import Actor, Descriptor, Document

    text = "Ivo Marek, the army spokesman, denied it. The occupiers left."
    name = Descriptor.of(text, 0, 9, kind="name", head="", link="name", voice="author")
    role = Descriptor.of(text, 11, 29, kind="apposition", head="spokesman", link="apposition", voice="author")
    label = Descriptor.of(text, 42, 55, kind="label", head="occupier", link=None, voice="author")
    doc = Document(id="n", text=text).with_layer(
        "actors",
        [
            Actor(canonical="Ivo Marek", label="PERSON", descriptors=[name, role]),
            Actor(canonical=None, label=None, descriptors=[label]),
        ],
    )
    view = client.post("/v1/view", json=doc.to_dict()).json()
    rows = naming_rows(doc)
    assert [(r["actor"], r["names"], r["descriptions"]) for r in view["naming"]] == [
        (r.actor, list(r.names), list(r.descriptions)) for r in rows
    ]
    assert view["naming"][0]["actor"] == "Ivo Marek" and view["naming"][0]["names"] == ["Ivo Marek"]
    assert client.post("/v1/view", json=Document(id="m", text=text).to_dict()).json()["naming"] is None
    page = client.get("/static/app.js").text
    assert "How actors are named" in page and "view.naming" in page
