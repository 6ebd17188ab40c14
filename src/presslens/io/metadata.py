"""Byline, dates and language of a page: pure rules over strings, no I/O.

Why our own rules beside trafilatura and htmldate: they answer "what is the
date" but not "where did it come from", and a study must know whether a date
was declared by the outlet (page metadata), guessed from the address, or read
from a dateline in the text. So each source is asked on its own, in that
order of trust, and the answer records which one spoke (`DateSource`).

Language: presslens's models are English-only. A page that declares another
language (`<html lang>`, `Content-Language`), or whose text has too few of the
commonest English words, is reported as not analysed rather than analysed
badly (`NotEnglishError`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from ..document import DateSource
from ..errors import InputError

__all__ = ["DateSource", "Dated", "NotEnglishError", "check_english", "publication_date", "split_authors"]

_MONTHS = {
    name: i
    for i, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
         ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
         ("nov", "november"), ("dec", "december")),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
# /2024/05/17/, /2024-05-17-, /20240517/ in an address's path.
_URL_DATES = (
    re.compile(r"/(?P<y>20\d{2}|19\d{2})/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)(?:/|$|[-_])"),
    re.compile(r"[/_-](?P<y>20\d{2}|19\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:/|$|[-_.])"),
    re.compile(r"/(?P<y>20\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?:/|$|[-_])"),
)
_TEXT_DATES = (
    re.compile(r"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<y>(?:19|20)\d{2})\b", re.IGNORECASE),
    re.compile(r"\b" + _MONTH + r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{2})\b", re.IGNORECASE),
    re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
)
# A dateline sits at the top of the article: dates further down are about events, not publication.
DATELINE_CHARS = 300

# The commonest English function words: in English news they make up a third of the words or more,
# in other languages a few percent (shared words such as "a", "in" and "no" are left out).
_ENGLISH = frozenset(
    "the of and to is was for that on with as by at from it its are were be been has have had this which "
    "not but or an will would said says he she they their his her we who after over than more about into "
    "there when what also could should".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# BCP 47 codes that name no language (undetermined, several, none, uncoded): the text decides.
_NO_LANGUAGE = frozenset({"und", "mul", "zxx", "mis"})
MIN_WORDS_FOR_LANGUAGE = 40
MIN_ENGLISH_SHARE = 0.12
_LANGUAGE_NAMES = {
    "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese", "nl": "Dutch",
    "ru": "Russian", "uk": "Ukrainian", "pl": "Polish", "ar": "Arabic", "zh": "Chinese", "ja": "Japanese",
    "tr": "Turkish", "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish", "cs": "Czech",
}


class NotEnglishError(InputError):
    """A page in another language: recognised and not analysed (the models read English only)."""

    def __init__(self, name: str, language: str, why: str) -> None:
        self.language = language
        label = _LANGUAGE_NAMES.get(language, language)
        super().__init__(name, f"is in {label} ({why}); presslens analyses English only, so it was not analysed")


class Dated(NamedTuple):
    """A publication date and where it came from."""

    date: dt.date
    source: DateSource


def split_authors(value: str | None) -> list[str]:
    """The names of a byline as trafilatura joins them ("Ana Ruiz; Ben Osei"), or "By A and B"."""
    if not value:
        return []
    value = re.sub(r"^\s*by\s+", "", value.strip(), flags=re.IGNORECASE)
    names = re.split(r"\s*;\s*|\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", value)
    out: list[str] = []
    for name in (n.strip() for n in names):
        if name and name not in out:
            out.append(name)
    return out


def url_date(*addresses: str | None) -> dt.date | None:
    """The date an address spells in its path (/2024/05/17/...), from the first address that has one."""
    for address in addresses:
        if not address:
            continue
        path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]+", "", address, flags=re.IGNORECASE).split("?", 1)[0]
        for pattern in _URL_DATES:
            match = pattern.search(path)
            if match:
                found = _date(int(match["y"]), int(match["m"]), int(match["d"]))
                if found is not None:
                    return found
    return None


def text_date(text: str) -> dt.date | None:
    """A dateline's date ("Published 9 February 2024") in the first lines of the article text."""
    head = text[:DATELINE_CHARS]
    best: tuple[int, dt.date] | None = None
    for pattern in _TEXT_DATES:
        for match in pattern.finditer(head):
            month = int(match["m"]) if "m" in pattern.groupindex else _MONTHS[match["month"].lower()]
            found = _date(int(match["y"]), month, int(match["d"]))
            if found is not None and (best is None or match.start() < best[0]):
                best = (match.start(), found)
    return best[1] if best else None


def publication_date(
    *, metadata: dt.date | None, addresses: tuple[str | None, ...], text: str, today: dt.date | None = None
) -> Dated | None:
    """The first of: the page's metadata date, a date in its address, a dateline in its text.

    A date after `today` (a typo, or a scheduled page's future date) is skipped.
    """
    limit = (today or dt.date.today()) + dt.timedelta(days=1)
    candidates: tuple[tuple[dt.date | None, DateSource], ...] = (
        (metadata, "metadata"), (url_date(*addresses), "url"), (text_date(text), "text"),
    )
    for date, source in candidates:
        if date is not None and date <= limit:
            return Dated(date, source)
    return None


def primary_language(tag: str | None) -> str | None:
    """"en" from "en-GB", "EN_us" or "en"; None for an empty or malformed tag."""
    if not tag:
        return None
    match = re.match(r"\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$", tag.split(",")[0])
    code = match.group(1).lower() if match else None
    return None if code in _NO_LANGUAGE else code


def english_share(text: str) -> tuple[float, int]:
    """Share of the words that are common English function words, and how many words there are."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return 0.0, 0
    return sum(1 for w in words if w in _ENGLISH) / len(words), len(words)


def check_english(name: str, *, declared: str | None, declared_where: str, text: str) -> str:
    """The language code to record ("en"), or NotEnglishError for a page in another language."""
    code = primary_language(declared)
    if code is not None and code != "en":
        raise NotEnglishError(name, code, f'{declared_where} says "{declared}"')
    share, words = english_share(text)
    if words >= MIN_WORDS_FOR_LANGUAGE and share < MIN_ENGLISH_SHARE:
        raise NotEnglishError(
            name, "another language", f"only {share:.0%} of its words are common English words"
        )
    return "en"


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
