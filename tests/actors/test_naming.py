"""The actors layer on sentences written for the tests (real spaCy parse: slow)."""

from __future__ import annotations

import pytest

from presslens.document import Document

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def actors_pipeline():
    from presslens.pipeline import load_pipeline

    return load_pipeline(["parse.v1", "entities.v1", "quotes.v1", "actors.v1"])


def _links(doc: Document) -> dict[str, tuple[str | None, str, str | None]]:
    """Descriptor text -> (actor, kind, link) for every reference that is not a bare name."""
    return {
        d.text: (a.canonical, d.kind, d.link)
        for a in doc.actors or []
        for d in a.descriptors
        if d.kind != "name"
    }


def _check_spans(doc: Document) -> None:
    for a in doc.actors or []:
        for d in a.descriptors:
            assert doc.text[d.start : d.end] == d.text


def test_naming_apposition_links_to_the_name(actors_pipeline):
    doc = actors_pipeline("Maria Solis, the mayor of Brenton, opened the new bridge on Friday.")
    _check_spans(doc)
    assert _links(doc)["the mayor of Brenton"] == ("Maria Solis", "apposition", "apposition")


def test_naming_quote_source_description_is_the_speaker(actors_pipeline):
    doc = actors_pipeline(
        "Senator Ruth Calder criticised the plan on Monday. The senator said it would cost far too much."
    )
    assert _links(doc)["The senator"][0] == "Ruth Calder"


def test_naming_label_with_a_state_modifier_links_to_the_state(actors_pipeline):
    doc = actors_pipeline('"The Ostrian terrorists will pay for this," the interior minister, Karl Jansen, said.')
    actor, kind, link = _links(doc)["The Ostrian terrorists"]
    assert (actor, kind, link) == ("Ostrian", "label", "modifier")
    said = next(d for a in doc.actors or [] for d in a.descriptors if d.text == "The Ostrian terrorists")
    assert (said.voice, said.speaker) == ("quoted", "Karl Jansen")


def test_naming_unlinked_label_is_listed_apart(actors_pipeline):
    doc = actors_pipeline("The occupiers have burned our olive trees again, the village council said on Thursday.")
    unlinked = [a for a in doc.actors or [] if a.canonical is None]
    assert len(unlinked) == 1 and unlinked[0] is doc.actors[-1]
    kinds = {d.text: d.kind for d in unlinked[0].descriptors}
    assert kinds["The occupiers"] == "label"
    assert kinds["the village council"] == "description"


def test_naming_singular_role_is_never_guessed(actors_pipeline):
    doc = actors_pipeline("Omar Reyes spoke in Tarn on Monday. The minister resigned late on Tuesday, state television reported.")
    assert _links(doc)["The minister"][0] is None


def test_naming_one_leader_of_two_groups_links_the_unnamed_one(actors_pipeline):
    doc = actors_pipeline(
        "Tomas Berg, head of the resistance movement, wrote to supporters on Friday. "
        "The Liberation Front leader asked them to stay calm."
    )
    links = _links(doc)
    assert links["the resistance movement"][0:3:2] == ("Liberation Front", "role")
    assert links["The Liberation Front leader"][0] == "Tomas Berg"


def test_naming_role_repeated_after_an_apposition(actors_pipeline):
    doc = actors_pipeline(
        "Elena Torres, a nurse at the city hospital, described the night of the fire. "
        "The nurse said dozens of patients were carried out."
    )
    assert _links(doc)["The nurse"][0] == "Elena Torres"


def test_naming_declared_alias_joins_two_names(actors_pipeline):
    doc = actors_pipeline("Hamas, also known as the Islamic Resistance Movement, issued a statement. Hamas said it would reply.")
    hamas = next(a for a in doc.actors or [] if a.canonical == "Hamas")
    assert hamas.aliases == ["Islamic Resistance Movement"]


def test_naming_rows_follow_the_text_and_the_layer_validates(actors_pipeline):
    doc = actors_pipeline("Governor Lena Ortiz, a former prosecutor, signed the water bill on Monday.")
    starts = [a.descriptors[0].start for a in doc.actors or [] if a.canonical is not None]
    assert starts == sorted(starts)
    assert Document.from_dict(doc.to_dict()).actors == doc.actors


def _suggested(doc: Document) -> dict[str, tuple[str, float, str, str]]:
    """Descriptor text -> (candidate, score, rule, evidence words) for every suggested referent."""
    return {
        d.text: (d.suggestion.candidate, d.suggestion.score, d.suggestion.rule, d.suggestion.evidence.text)
        for a in doc.actors or []
        for d in a.descriptors
        if d.suggestion is not None
    }


# Issue 25, point 4: each side's epithet for the other, in the same sentence frame.
MIRRORED_LABELS = [
    ("The Zionist regime", "Zionist", "Israel", "Palestinian"),
    ("The Ramallah regime", "Ramallah", "Palestine", "Israeli"),
    ("The Kremlin regime", "Kremlin", "Russia", "Ukrainian"),
    ("The Kyiv regime", "Kyiv", "Ukraine", "Russian"),
    ("The Delhi regime", "Delhi", "India", "Pakistani"),
    ("The Islamabad regime", "Islamabad", "Pakistan", "Indian"),
]


@pytest.mark.parametrize(("phrase", "word", "state", "victims"), MIRRORED_LABELS)
def test_naming_label_suggests_the_state_its_modifier_stands_for(actors_pipeline, phrase, word, state, victims):
    doc = actors_pipeline(f"{phrase} shelled the market at dawn, {victims} officials said.")
    _check_spans(doc)
    candidate, score, rule, evidence = _suggested(doc)[phrase]
    assert (candidate, score, rule, evidence) == (state, 0.6, "metonym", word)


def test_naming_mirrored_labels_get_the_same_structure(actors_pipeline):
    shapes = set()
    for phrase, _, _, victims in MIRRORED_LABELS:
        doc = actors_pipeline(f"{phrase} shelled the market at dawn, {victims} officials said.")
        found = _suggested(doc)
        shapes.add((found[phrase][1:3], _links(doc)[phrase][1:], tuple(sorted(v[2] for v in found.values()))))
    assert len(shapes) == 1


@pytest.mark.parametrize(
    ("text", "phrase", "state"),
    [
        ("The Zionist regime bombed the camp, and Israel denied it.", "The Zionist regime", "Israel"),
        ("The Kremlin regime bombed the port, and Russia denied it.", "The Kremlin regime", "Russia"),
    ],
)
def test_naming_suggestion_takes_the_articles_own_name(actors_pipeline, text, phrase, state):
    assert _suggested(actors_pipeline(text))[phrase][:2] == (state, 0.9)


@pytest.mark.parametrize(
    ("text", "victims"),
    [
        ("The Zionist regime bombed Palestinians in Gaza again.", {"Palestine", "Palestinians", "Gaza"}),
        ("The Kyiv regime shelled Russians in Donetsk again.", {"Russia", "Russians", "Donetsk"}),
        ("The Kremlin regime shelled Ukrainians in Kharkiv again.", {"Ukraine", "Ukrainians", "Kharkiv"}),
        ("The occupiers burned the olive groves of Palestinian farmers.", {"Palestine", "Palestinian"}),
    ],
)
def test_naming_suggestion_never_names_the_group_acted_against(actors_pipeline, text, victims):
    assert not {v[0] for v in _suggested(actors_pipeline(text)).values()} & victims


@pytest.mark.parametrize(
    "text",
    [
        "Anti-Israel extremists and Russian-backed separatists marched on Sunday.",
        "The Kremlin spokesman declined to comment on Sunday.",
    ],
)
def test_naming_no_suggestion_from_hyphenated_words_or_for_a_person(actors_pipeline, text):
    assert _suggested(actors_pipeline(text)) == {}


@pytest.mark.parametrize("group", ["Palestinian", "Israeli", "Muslim", "Jewish", "Labour", "Ukrainian"])
def test_naming_group_words_suggest_alike(actors_pipeline, group):
    """The same structure whatever the group: unlinked 'X groups' suggest X's group (0.9 with the group named
    again, 0.6 without); 'X leaders', linked to X, suggest nothing (issue 25: the neutrality suite measured
    4.7% of pairs differing before)."""
    doc = actors_pipeline(f"{group} groups have been accused of spreading rumours. {group} leaders denied it.")
    assert [(text, v[1:]) for text, v in _suggested(doc).items()] == [(f"{group} groups", (0.9, "demonym", group))]
    alone = actors_pipeline(f"{group} groups have been accused of spreading rumours.")
    assert [(text, v[1:]) for text, v in _suggested(alone).items()] == [(f"{group} groups", (0.6, "demonym", group))]
