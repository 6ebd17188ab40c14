"""Issue 25: attribution you can trust. Short passages written for these tests (none from any corpus).

Each mirrored template is run with both sides of a conflict in both roles (the countries, peoples,
parties and people swapped) and must give the same attribution structure: who is credited depends
on the grammar, never on which side is named. The single passages cover non-speech verbs,
headlines, stray quotation marks and trailing attributions.

`speaker` expectations: "a" / "b" name the person of that side; None means the quote must keep
its source span and name no speaker (abstain rather than guess).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from presslens.document import Document

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Side:
    adj: str
    person: str
    pron: str  # subject pronoun of the person
    country: str

    @property
    def poss(self) -> str:
        return {"he": "His", "she": "Her"}[self.pron]


SIDES = {
    "israeli": Side("Israeli", "Yossi Peretz", "he", "Israel"),
    "palestinian": Side("Palestinian", "Khaled Mansour", "he", "Palestine"),
    "russian": Side("Russian", "Irina Volkova", "she", "Russia"),
    "ukrainian": Side("Ukrainian", "Oksana Melnyk", "she", "Ukraine"),
    "indian": Side("Indian", "Ravi Sharma", "he", "India"),
    "pakistani": Side("Pakistani", "Imran Qureshi", "he", "Pakistan"),
    "armenian": Side("Armenian", "Anna Hakobyan", "she", "Armenia"),
    "azerbaijani": Side("Azerbaijani", "Leyla Mammadova", "she", "Azerbaijan"),
    "democratic": Side("Democratic", "Sara Lind", "she", "the Democratic Party"),
    "republican": Side("Republican", "Tom Berg", "he", "the Republican Party"),
}
PAIRS = [
    ("israeli", "palestinian"),
    ("russian", "ukrainian"),
    ("indian", "pakistani"),
    ("armenian", "azerbaijani"),
    ("democratic", "republican"),
]


@dataclass(frozen=True)
class Template:
    """A passage with {a_...} and {b_...} slots and the expected speaker ("a", "b" or None) per quote."""

    name: str
    text: str
    # (words inside the content, expected speaker: role "a" / "b", a third person's name, or None)
    speakers: tuple[tuple[str, str | None], ...] = ()
    absent: tuple[str, ...] = ()  # words that no quote's content may contain


TEMPLATES = [
    Template(
        "pronoun-after-unnamed-spokesman",
        "{a_person}, the {a_adj} leader, vowed to respond. A spokesman for the {b_adj} army said the army had "
        'struck dozens of targets. "We will continue as long as necessary," he said.',
        (("the army had struck", None), ("We will continue", None)),
    ),
    Template(
        "pronoun-after-unnamed-officer",
        "Interior Minister {a_person} visited the border town on Tuesday. A police officer at the scene said the "
        'crowd had dispersed. "Nobody was hurt," he said.',
        (("the crowd had dispersed", None), ("Nobody was hurt", None)),
    ),
    Template(
        "called-the-election",
        "Prime Minister {a_person} called the election on Monday. Opposition leader {b_person} criticised the "
        'timing. "It is a cynical move," {b_pron} said.',
        (("It is a cynical move", "b"),),
        ("the election",),
    ),
    Template(
        "added-continues-the-speaker",
        '{a_person} said the talks had stalled. "We are still ready to meet," {a_pron} added.',
        (("the talks had stalled", "a"), ("We are still ready", "a")),
    ),
    Template(
        "said-then-added",
        '"We will not give up," said {a_person}, the {a_adj} foreign minister. "Our people deserve better," '
        "{a_pron} added.",
        (("We will not give up", "a"), ("Our people deserve better", "a")),
    ),
    Template(
        "trailing-officials",
        "{a_adj} forces shelled the city overnight, {b_adj} officials said.",
        (("forces shelled the city", None),),
    ),
    Template(
        "anonymous-and-no-comment",
        "A {a_adj} spokeswoman, who asked not to be named, said the talks would resume. {b_person} declined to "
        "comment.",
        (("the talks would resume", None),),
        ("not to be named", "to comment"),
    ),
    Template(
        "subject-over-object",
        "{a_person} met {b_person} in Geneva on Monday. {a_pron_cap} said the meeting had been useful.",
        (("the meeting had been useful", "a"),),
    ),
    Template(
        "stray-opening-mark",
        '{a_person} called the plan "a disaster. {b_person} said it was "a good start," adding that talks would '
        "go on.",
        (("a good start", "b"),),
        ("disaster. ",),
    ),
    Template(
        "unnamed-analyst-after-named",
        "{a_person} told parliament the attack was unprovoked. An analyst in London said the strike had been "
        'expected. "They had warned for weeks," she said.',
        (("the attack was unprovoked", "a"), ("the strike had been expected", None), ("They had warned", None)),
    ),
    Template(
        "apposition-names-the-speaker",
        "The {b_adj} army chief, General {b_person}, said the operation was over.",
        (("the operation was over", "b"),),
    ),
    Template(
        "possessive-spokesman",
        "{a_person} faces a vote on Friday. {a_poss} spokesman said the outcome was uncertain.",
        (("the outcome was uncertain", "a"),),
    ),
    Template(
        "quote-continues-after-cue",
        '"The border is closed," {a_person} said. "Nobody will cross it tonight, not one truck."',
        (("The border is closed", "a"), ("Nobody will cross it", "a")),
    ),
    Template(
        "two-speakers-in-turn",
        "{a_person} said the deal was fair. {b_person} said it was a betrayal. \"We were never consulted,\" "
        "{b_pron} said.",
        (("the deal was fair", "a"), ("it was a betrayal", "b"), ("We were never consulted", "b")),
    ),
    Template(
        "they-after-witnesses",
        "{a_person} denied the report. Witnesses said soldiers had fired into the air. \"We ran for our lives,\" "
        "they said.",
        (("soldiers had fired", None), ("We ran for our lives", None)),
    ),
    Template(
        "trailing-a-diplomat",
        "{a_adj} and {b_adj} delegates met in Vienna, a diplomat said.",
        (("delegates met in Vienna", None),),
    ),
    Template(
        "headline-writes-to",
        "{a_adj} union boss writes to premier as port strike enters third week\n\nDock workers stayed out on "
        "Monday.",
        (),
        ("premier", "port strike"),
    ),
    Template(
        "did-not-identify",
        "{b_adj} police arrested a teenager near the market. They did not identify the 17-year-old.",
        (),
        ("the 17-year-old",),
    ),
    Template(
        "named-after-unnamed",
        "A {b_adj} negotiator said the talks were close to collapse. {a_person} said the opposite was true.",
        (("the talks were close", None), ("the opposite was true", "a")),
    ),
    Template(
        "woman-introduced-by-description",
        "{a_person} toured the camp on Sunday. A woman who fled the shelling described the night. "
        '"We had nothing left," she said.',
        (("We had nothing left", None),),
    ),
    Template(
        "according-to-named",
        "According to {b_person}, the {a_adj} convoy never reached the crossing.",
        (("convoy never reached", "b"),),
    ),
    Template(
        "pronoun-skips-who-the-speaker-talks-about",
        "{a_person} said that {b_person} had misled parliament about the budget. \"The figures were false,\" "
        "{a_pron} said.",
        (("had misled parliament", "a"), ("The figures were false", "a")),
    ),
    Template(
        "description-stands-for-who-was-described-so",
        "Prime Minister {a_person} called the election on Monday. Opposition leader {b_person} criticised the "
        'timing. "We are ready," the prime minister said.',
        (("We are ready", "a"),),
    ),
    Template(
        "description-never-introduced",
        '{a_person} criticised the timing of the vote. "We are ready," the minister said.',
        (("We are ready", None),),
    ),
    Template(
        "member-of-the-staff",
        '{a_person} left the hall early. "Nobody was hurt," a member of {a_person}\'s staff said.',
        (("Nobody was hurt", None),),
    ),
    Template(
        "relative-clause-names-the-noun",
        "{b_person}, who said the ceasefire would hold, left Geneva on Monday.",
        (("the ceasefire would hold", "b"),),
    ),
    Template(
        "relative-clause-of-a-group",
        "A {a_adj} charity, which supports {b_person}, said the convoy had been stopped.",
        (("the convoy had been stopped", None),),
    ),
    Template(
        "several-people-named-in-the-source",
        "Several lawmakers, including {a_person} and {b_person}, said the vote should wait.",
        (("the vote should wait", None),),
    ),
    Template(
        "a-description-of-several",
        '{a_person} and {b_person} met in Geneva on Monday. "The talks were useful," both leaders said.',
        (("The talks were useful", None),),
    ),
    Template(
        "each-of-several",
        '{a_person} and {b_person} spoke after the debate. Each candidate said the other had lied.',
        (("the other had lied", None),),
    ),
    Template(
        "a-name-with-another-in-its-apposition",
        "Halvor Nyquist, a {a_person} supporter, said the rally had been peaceful.",
        (("the rally had been peaceful", "Halvor Nyquist"),),
    ),
    Template(
        "a-relative-clause-naming-someone-else",
        "{a_person}'s campaign manager, Halvor Nyquist, who once worked for {b_person}, said the polls were wrong.",
        (("the polls were wrong", "Halvor Nyquist"),),
    ),
    Template(
        "pronoun-prefers-the-main-clause-subject",
        '{a_person} left the hall when {b_person} began to speak. "This is a farce," {a_pron} said.',
        (("This is a farce", "a"),),
    ),
    Template(
        "a-subordinate-subject-in-another-sentence",
        'The count was stopped after {a_person} said the ballots were wet. "We will wait," {a_pron} said.',
        (("We will wait", "a"),),
    ),
    Template(
        "the-person-asked-answers",
        'At the news conference, {b_person} asked {a_person} about the ceasefire. "We are ready," {a_pron} said.',
        (("We are ready", "a"),),
    ),
    Template(
        "asked-to-do-something-is-not-a-question",
        'In Geneva, {a_person} asked {b_person} to resign. "It is time," {a_pron} said.',
        (("It is time", "a"),),
    ),
    Template(
        "two-people-joined-by-and-name-nobody",
        "{a_person} and {b_person} said the talks in Geneva had failed.",
        (("the talks in Geneva had failed", None),),
    ),
    Template(
        "a-person-and-their-side-name-nobody",
        "{a_person} and {a_poss_low} {b_adj} allies said the ceasefire would hold.",
        (("the ceasefire would hold", None),),
    ),
    Template(
        "two-titled-people-joined-by-and-name-nobody",
        "{a_adj} envoy {a_person} and {b_adj} negotiator {b_person} said a deal was close.",
        (("a deal was close", None),),
    ),
    Template(
        "roles-of-one-person-joined-by-and-name-that-person",
        "The {a_adj} chief negotiator and deputy minister {a_person} said a deal was close, while {b_person} "
        "stayed silent.",
        (("a deal was close", "a"),),
    ),
    Template(
        "an-apposition-going-on-after-and-names-the-person",
        "{a_person}, a lawyer for the {a_adj} delegation, and a former judge, said the ruling was unlawful.",
        (("the ruling was unlawful", "a"),),
    ),
    Template(
        "colon-introduction",
        '{a_person} was blunt: "There will be no deal this year, whatever they offer us."',
        (("There will be no deal", "a"),),
    ),
]


def _fill(template: str, a: Side, b: Side) -> str:
    values = {}
    for role, side in (("a", a), ("b", b)):
        values |= {
            f"{role}_adj": side.adj,
            f"{role}_person": side.person,
            f"{role}_pron": side.pron,
            f"{role}_pron_cap": side.pron.capitalize(),
            f"{role}_poss": side.poss,
            f"{role}_poss_low": side.poss.lower(),
            f"{role}_country": side.country,
        }
    return template.format(**values)


def _check(pipeline, template: Template, a: Side, b: Side) -> list[tuple]:
    text = _fill(template.text, a, b)
    doc = pipeline(Document(id="t", text=text))
    quotes = doc.quotes or []
    people = {a.person: "a", b.person: "b"}
    for words, role in template.speakers:
        found = [q for q in quotes if words in q.content.text]
        assert found, f"no quote with {words!r} in {text!r}: {[q.content.text for q in quotes]}"
        expected = role if role not in ("a", "b") else (a if role == "a" else b).person
        assert found[0].speaker == expected, (text, words, found[0].speaker, found[0].source)
        if expected is None:
            assert found[0].source is not None, "an unnamed source keeps its source span"
    for words in template.absent:
        assert not [q for q in quotes if words in q.content.text], (text, words, [q.content.text for q in quotes])
    # The structure, with each side's words replaced by its role, for the mirror check.
    def norm(value: str | None) -> str | None:
        if value is None:
            return None
        for side, role in ((a, "A"), (b, "B")):
            for word in (side.person, side.adj, side.country):
                value = value.replace(word, f"<{role}>")
        return value

    return [
        (q.kind, norm(q.content.text), norm(q.cue.text if q.cue else None), norm(q.source.text if q.source else None),
         people.get(q.speaker or "", q.speaker))
        for q in quotes
    ]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.name)
@pytest.mark.parametrize(("left", "right"), PAIRS, ids=lambda s: s)
def test_passages_mirrored_sides_get_the_same_attribution(quotes_pipeline, template, left, right):
    forward = _check(quotes_pipeline, template, SIDES[left], SIDES[right])
    mirrored = _check(quotes_pipeline, template, SIDES[right], SIDES[left])
    # pronouns differ between sides ("he" / "she", "His" / "Her"): compare the structure without them
    def shape(rows):
        return [
            tuple(re.sub(r"\b(?:he|she|his|her)\b", "<pron>", v, flags=re.I) if isinstance(v, str) else v for v in row)
            for row in rows
        ]

    assert shape(forward) == shape(mirrored)


SINGLE = [
    # (passage, [(words in content, expected speaker)], [words no content may contain])
    ("Residents call him the crowbar robber.", [], ["the crowbar robber"]),
    ("Neighbours call the gang the night shift.", [], ["the night shift"]),
    ("The ministry identified the victims as two students and did not identify the driver.", [], ["the driver"]),
    ("The union called a strike for Thursday.", [], ["a strike"]),
    ("The president named a new army chief on Friday.", [], ["a new army chief"]),
    ("Fishermen's leader writes to minister as quota row deepens", [], ["quota row", "minister"]),
    ("Egyptian mediators were working on a ceasefire, diplomats said.",
     [("Egyptian mediators were working on a ceasefire", None)], []),
    ("Qatari mediators were working on a truce, diplomats said.",
     [("Qatari mediators were working on a truce", None)], []),
    ("The vote was postponed until March, two officials told reporters.",
     [("The vote was postponed", None)], []),
    ('The mayor said the bridge was "unsafe. Engineers said it was "sound," and reopened it.',
     [("sound", None)], ["unsafe. Engineers"]),
    ('\u201cThe strike is over. The council said the talks had \u201cfailed,\u201d and walked out.',
     [], ["The strike is over. The council"]),
    ("Minister Ana Ruiz said the port would reopen. A customs officer who asked not to be identified said "
     "the queues were long. \u201cIt will take days,\u201d he said.",
     [("the port would reopen", "Ana Ruiz"), ("the queues were long", None), ("It will take days", None)],
     ["not to be identified"]),
    ("A senior official declined to comment on the report.", [], ["to comment"]),
    ('"We are ready," said Ana Ruiz. "The trucks are loaded and waiting at the gate," she added.',
     [("We are ready", "Ana Ruiz"), ("The trucks are loaded", "Ana Ruiz")], []),
    ("Governor Marta Klein said the shelters were full. Her deputy, Paul Ochs, said more beds were coming.",
     [("the shelters were full", "Marta Klein"), ("more beds were coming", "Paul Ochs")], []),
    # "he added" does not continue a speaker the article calls "she"
    ('Governor Marta Klein said the shelters were full. She has asked for tents, and her deputy Paul Ochs '
     'agrees. "More beds are coming," he added.',
     [("the shelters were full", "Marta Klein"), ("More beds are coming", "Paul Ochs")], []),
    # a headline's noun "talks" is not a speech verb, and nothing said runs over a line break
    ("Ceasefire talks resume in Cairo\n\nThe port was closed on Monday.", [], ["resume", "The port"]),
    ("Harbour talks stall as both sides trade blame\n\nThe port was closed on Monday.", [], ["stall"]),
    # the person asked or told is not part of what was said; what they are asked to do is
    ("At a news conference, a reporter asked Ana Ruiz about the strike.", [("about the strike", None)],
     ["Ruiz about"]),
    ("The moderator asked the candidates a simple question: who will pay for the bridge?",
     [("a simple question", None)], ["candidates a simple"]),
    ("Minister Ana Ruiz asked the strikers to leave the port.", [("the strikers to leave", "Ana Ruiz")], []),
    # a question whether someone said something reports nothing; a quoted question is still quoted
    ("Did the minister say the port would close? Nobody knows.", [], ["the port would close"]),
    ('"Will the port close?" Ana Ruiz asked.', [("Will the port close?", "Ana Ruiz")], []),
    # "I" outside a quotation is the writer, never the last person named
    ("Minister Ana Ruiz opened the port on Monday. In my column, I wrote that the port was unsafe.",
     [("the port was unsafe", None)], []),
    # a hyphenated name stays whole, as the speaker and as the actor
    ("Rep. Sheila Jackson-Lee said the bridge was unsafe.", [("the bridge was unsafe", "Sheila Jackson-Lee")], []),
    ("Ana Garcia-Ruiz said the bridge was unsafe.", [("the bridge was unsafe", "Ana Garcia-Ruiz")], []),
    # a dateline is not the author of a document
    ("OSLO \u2014 The letter, sent on Monday, says the port will close for a week.",
     [], []),
]


@pytest.mark.parametrize(("text", "speakers", "absent"), SINGLE, ids=lambda v: v[:40] if isinstance(v, str) else "")
def test_passages_single_attributions(quotes_pipeline, text, speakers, absent):
    doc = quotes_pipeline(Document(id="s", text=text))
    quotes = doc.quotes or []
    for words, speaker in speakers:
        found = [q for q in quotes if words in q.content.text]
        assert found, (text, words, [q.content.text for q in quotes])
        assert found[0].speaker == speaker, (text, words, found[0].speaker)
    for words in absent:
        assert not [q for q in quotes if words in q.content.text], (text, words, [q.content.text for q in quotes])


FRAMING = [
    "{a_person} called for international help to stop the attacks on {a_adj} villages amid ongoing {b_adj} "
    "shelling.",
    "{a_person} said the talks would resume next week amid mounting {b_adj} pressure.",
]


@pytest.mark.parametrize("template", FRAMING)
@pytest.mark.parametrize(("left", "right"), PAIRS, ids=lambda s: s)
def test_passages_the_authors_framing_stays_in_the_authors_voice(quotes_pipeline, template, left, right):
    from presslens.voices.speaking import Speakers

    for a, b in ((SIDES[left], SIDES[right]), (SIDES[right], SIDES[left])):
        text = _fill(template, a, b)
        doc = quotes_pipeline(Document(id="f", text=text))
        (quote,) = doc.quotes
        assert quote.speaker == a.person
        assert "amid" not in quote.content.text
        start = text.index("amid")
        assert Speakers(text, doc.quotes).at(start, len(text) - 1).voice == "author"
