"""Fixtures of the techniques tests: see fakes.py."""

from tests.techniques.fakes import fake_tagger, tokenizer  # noqa: F401
