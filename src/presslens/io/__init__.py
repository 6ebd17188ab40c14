"""Readers (txt, html, jsonl, folders, stdin) and writers (json, jsonl, html)."""

from __future__ import annotations

from .decoding import DEFAULT_MAX_BYTES, check_encoding
from .readers import read_documents

__all__ = ["DEFAULT_MAX_BYTES", "check_encoding", "read_documents"]
