"""`presslens serve`: options reach the app, loopback by default, a key from the environment."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from presslens.cli import get_app


@pytest.fixture
def served(monkeypatch):
    """Run `presslens serve` without starting a server: what uvicorn would be given."""
    calls: list[dict] = []
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    monkeypatch.delenv("PRESSLENS_API_KEY", raising=False)
    return calls


def _settings(call):
    return call["app"].state.settings


def test_serve_defaults_to_loopback_and_no_content_logging(served):
    result = CliRunner().invoke(get_app(), ["serve"])
    assert result.exit_code == 0, result.output
    (call,) = served
    assert call["host"] == "127.0.0.1" and call["port"] == 8000 and call["access_log"] is False
    settings = _settings(call)
    assert settings.api_key is None and settings.log_content is False and settings.workers == 1
    assert "127.0.0.1" in settings.allowed_hosts


def test_serve_options_become_settings(served):
    args = ["serve", "--port", "9001", "--workers", "2", "--max-queue", "3", "--timeout", "30", "--max-body", "1000",
            "--max-chars", "500", "--max-batch", "4", "--api-key", "k", "--log-content"]
    assert CliRunner().invoke(get_app(), args).exit_code == 0
    settings = _settings(served[0])
    assert (settings.workers, settings.max_queue, settings.timeout) == (2, 3, 30.0)
    assert (settings.max_body_bytes, settings.max_chars, settings.max_batch) == (1000, 500, 4)
    assert settings.api_key == "k" and settings.log_content is True and served[0]["port"] == 9001


def test_serve_takes_the_key_from_the_environment(served, monkeypatch):
    monkeypatch.setenv("PRESSLENS_API_KEY", "from-env")
    assert CliRunner().invoke(get_app(), ["serve"]).exit_code == 0
    assert _settings(served[0]).api_key == "from-env"


def test_serve_warns_when_exposed_without_a_key(served):
    result = CliRunner().invoke(get_app(), ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 0
    assert "without an API key" in result.output
    assert _settings(served[0]).allowed_hosts is None


@pytest.mark.parametrize("args", [["--workers", "0"], ["--port", "70000"], ["--timeout", "0"], ["--disable", "nothing"]])
def test_serve_bad_option_is_a_usage_error(served, args):
    result = CliRunner().invoke(get_app(), ["serve", *args])
    assert result.exit_code == 2 and not served


def test_serve_help_has_an_example_and_the_safe_defaults():
    result = CliRunner().invoke(get_app(), ["serve", "--help"])
    assert result.exit_code == 0
    assert "Example: presslens serve" in result.output
    assert "127.0.0.1" in result.output and "PRESSLENS_API_KEY" in result.output


def test_serve_refuses_private_addresses_unless_allowed_and_says_so(served):
    result = CliRunner().invoke(get_app(), ["serve"])
    assert _settings(served[0]).allow_private_addresses is False
    assert "private, loopback and link-local addresses, which are refused" in " ".join(result.output.split())
    result = CliRunner().invoke(get_app(), ["serve", "--allow-private-addresses"])
    assert _settings(served[1]).allow_private_addresses is True
    assert "warning: --allow-private-addresses" in result.output


@pytest.mark.parametrize(("host", "name"), [("127.0.0.2", "127.0.0.2"), ("::1", "[::1]"), ("127.0.0.1", "localhost")])
def test_serve_answers_the_loopback_address_it_was_started_on(served, host, name):
    """Issue 23: `serve --host 127.0.0.2` answered 400 to every request to its own address."""
    assert CliRunner().invoke(get_app(), ["serve", "--host", host]).exit_code == 0
    assert name in _settings(served[0]).allowed_hosts and "attacker.example" not in _settings(served[0]).allowed_hosts


def test_serve_read_timeout_reaches_the_settings_and_the_protocol(served):
    assert CliRunner().invoke(get_app(), ["serve", "--read-timeout", "7"]).exit_code == 0
    assert _settings(served[0]).read_timeout == 7.0 and served[0]["http"].head_timeout == 7.0
