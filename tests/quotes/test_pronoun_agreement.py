"""Which pronoun a named person takes, read from the article itself (presslens.quotes.pronoun_agreement)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from presslens.quotes.mentions import Mention
from presslens.quotes.pronoun_agreement import article_pronouns, pronoun_votes


@dataclass(frozen=True)
class Tok:
    lower_: str
    idx: int


def _article(text: str, names: dict[str, str]) -> tuple[list[Tok], list[Mention], list[int]]:
    """Word tokens, PERSON mentions of `names` (surface -> canonical) and sentence starts of `text`."""
    toks = [Tok(m.group().lower(), m.start()) for m in re.finditer(r"\w+", text)]
    mentions = sorted(
        (Mention(m.start(), m.end(), "PERSON", canonical, True) for surface, canonical in names.items()
         for m in re.finditer(re.escape(surface), text)),
        key=lambda m: m.start,
    )
    starts = [0] + [m.end() for m in re.finditer(r"[.!?]\s+", text)]
    return toks, mentions, starts


def test_pronouns_after_a_name_settle_it_for_every_name_alike():
    text = (
        "Amara Okafor said she would stand again. Okafor added that her campaign was ready. "
        "Jonas Weber said he had doubts. Later Weber said his team would wait."
    )
    names = {"Amara Okafor": "Amara Okafor", "Okafor": "Amara Okafor", "Jonas Weber": "Jonas Weber", "Weber": "Jonas Weber"}
    toks, mentions, starts = _article(text, names)
    assert pronoun_votes(toks, mentions, [], starts) == {
        "Amara Okafor": frozenset({"she"}), "Jonas Weber": frozenset({"he"}),
    }
    # the same article with the two people's names swapped: the pronouns follow the text, not the name
    swapped = text.replace("Amara Okafor", "X1").replace("Okafor", "X2").replace("Jonas Weber", "Amara Okafor")
    swapped = swapped.replace("Weber", "Okafor").replace("X1", "Jonas Weber").replace("X2", "Weber")
    toks, mentions, starts = _article(swapped, names)
    assert pronoun_votes(toks, mentions, [], starts) == {
        "Jonas Weber": frozenset({"she"}), "Amara Okafor": frozenset({"he"}),
    }


def test_one_pronoun_or_mixed_pronouns_settle_nothing():
    text = "Lee Park said she was tired. Lee Park met Dana Cole. Park said he would go. Park said she would stay."
    toks, mentions, starts = _article(text, {"Lee Park": "Lee Park", "Park": "Lee Park"})
    assert pronoun_votes(toks, mentions, [], starts) == {}


def test_pronouns_inside_quotations_never_vote():
    text = 'Ruth Adler spoke first. "He lied to us and he knows it," Adler said.'
    quoted = [(text.index('"He'), text.index('it,"') + 4)]
    toks, mentions, starts = _article(text, {"Ruth Adler": "Ruth Adler", "Adler": "Ruth Adler"})
    assert pronoun_votes(toks, mentions, quoted, starts) == {}


def test_honorifics_win_over_pronoun_votes():
    text = "Ms. Kim Noor spoke. Kim Noor said he was wrong. Noor said he knew."
    toks, mentions, starts = _article(text, {"Kim Noor": "Kim Noor", "Noor": "Kim Noor"})
    assert pronoun_votes(toks, mentions, [], starts) == {"Kim Noor": frozenset({"he"})}
    assert article_pronouns(text, toks, mentions, [], starts) == {"Kim Noor": frozenset({"she"})}
