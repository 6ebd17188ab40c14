"""The API with the real models: the same document as the library, whatever the concurrency."""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient

from presslens.web import Settings, create_app
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(workers=2, max_queue=8))) as c:
        yield c


def test_real_models_api_answers_what_the_library_answers(client):
    import presslens

    text = EXAMPLE.read_text(encoding="utf-8")
    expected = presslens.analyze(text, published="2026-03-10").to_dict()
    got = client.post("/v1/analyze", json={"text": text, "published": "2026-03-10"}).json()
    assert got == expected
    assert client.get("/v1/version").json()["stages"] == expected["pipeline"]


def test_real_models_concurrent_requests_get_identical_results(client):
    text = EXAMPLE.read_text(encoding="utf-8")
    first = client.post("/v1/analyze", json={"text": text}).json()
    results: list[dict] = []

    def post() -> None:
        results.append(client.post("/v1/analyze", json={"text": text}).json())

    threads = [threading.Thread(target=post) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert len(results) == 4 and all(r == first for r in results)


def test_real_models_html_upload_and_batch(client):
    page = (
        "<html><head><title>Dock strike</title></head><body><article><p>Union leader Marta Okonkwo-Reyes said on "
        'Monday that the offer was "an insult to every family".</p><p>Port Alvera handled 1.8 million containers '
        "in 2025.</p></article></body></html>"
    )
    response = client.post("/v1/analyze/batch?layers=quotes&layers=claims", json={"documents": [{"html": page}, {"text": "  "}]})
    results = response.json()["results"]
    assert results[0]["document"]["quotes"] and "techniques" not in results[0]["document"]
    assert results[1]["error"]["code"] == "invalid_document"
