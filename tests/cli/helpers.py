"""Helpers for the CLI tests."""

from __future__ import annotations

import re


def flat(text: str) -> str:
    """Output with rich's box drawing removed and white space folded, so wrapped messages can be matched."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", text).split())
