"""Speakers resolved from names, pronouns and descriptions (real spaCy parse)."""

from __future__ import annotations

import pytest

from presslens.document import Document

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "source", "speaker"),
    [
        ("Tomas Reyes spoke to reporters on Friday. He said the port would reopen soon.", "He", "Tomas Reyes"),
        ("Tomas Reyes gave a speech. His spokesman said the port would stay closed.", "His spokesman", "Tomas Reyes"),
        ("Tomas Reyes, who said the deal was fair, left early.", "who", "Tomas Reyes"),
        (
            "The Greenfield Party leader Tomas Reyes arrived. The party leader said the vote was rigged.",
            "The party leader",
            "Tomas Reyes",
        ),
        (
            'The mayor of Portwell, Ines Baptiste, told reporters: "This is theft."',
            "The mayor of Portwell, Ines Baptiste,",
            "Ines Baptiste",
        ),
        (
            'Ines Baptiste wrote to the council on Monday.\n\nThe letter continues: "We demand an end to this scheme."',
            "The letter",
            "Ines Baptiste",
        ),
    ],
)
def test_coreference_resolves_source_to_named_actor(quotes_pipeline, text, source, speaker):
    doc = quotes_pipeline(Document(id="t", text=text))
    found = [q for q in doc.quotes if q.source is not None and q.source.text == source]
    assert found, [(q.source.text if q.source else None, q.content.text) for q in doc.quotes]
    start = text.index(source)
    assert (found[0].source.start, found[0].source.end) == (start, start + len(source))
    assert found[0].speaker == speaker


def test_coreference_leaves_generic_sources_unresolved(quotes_pipeline):
    text = "Tomas Reyes left the hall. Officials said the vote would be delayed."
    doc = quotes_pipeline(Document(id="t", text=text))
    (quote,) = doc.quotes
    assert quote.source.text == "Officials"
    assert quote.speaker is None


@pytest.mark.parametrize(
    ("text", "content", "speaker", "resolved_by"),
    [
        ("Nadia Farouk said the border would stay open.", "the border would stay open", "Nadia Farouk", "name"),
        ("The mayor of Portwell, Nadia Farouk, said the border would stay open.", "the border would stay open",
         "Nadia Farouk", "apposition"),
        ("Nadia Farouk arrived on Monday. She said the border would stay open.", "the border would stay open",
         "Nadia Farouk", "pronoun"),
        ('"We are ready," said Nadia Farouk. "The border stays open," she added.', "The border stays open",
         "Nadia Farouk", "continuation"),
        ("Nadia Farouk arrived on Monday. Her spokesman said the border would stay open.",
         "the border would stay open", "Nadia Farouk", "possessor"),
        # unnamed sources keep their span and name nobody
        ("Nadia Farouk arrived on Monday. A border guard said the queue was long. \"It will take hours,\" he said.",
         "It will take hours", None, None),
        ("Nadia Farouk arrived on Monday. Her supporters said the vote was stolen.", "the vote was stolen", None,
         None),
    ],
)
def test_coreference_records_how_the_speaker_was_resolved(quotes_pipeline, text, content, speaker, resolved_by):
    doc = quotes_pipeline(Document(id="t", text=text))
    found = [q for q in doc.quotes if content in q.content.text]
    assert found, [(q.source.text if q.source else None, q.content.text) for q in doc.quotes]
    assert (found[0].speaker, found[0].resolved_by) == (speaker, resolved_by)
    assert found[0].source is not None


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        # a name inside a relative clause is what the source did, not who speaks
        ("Omar Sayed, who chairs the Budget Committee, said the plan was sound.", "the plan was sound", "Omar Sayed"),
        # the apposition names the speaker, not the possessor
        ("Tomas Reyes's running mate, Governor Ana Ruiz, said the plan was sound.", "the plan was sound",
         "Ana Ruiz"),
        # a relative speaks for herself
        ("Tomas Reyes's niece said the plan was sound.", "the plan was sound", None),
    ],
)
def test_coreference_names_inside_a_source_that_are_not_the_speaker(quotes_pipeline, text, content, speaker):
    doc = quotes_pipeline(Document(id="t", text=text))
    found = [q for q in doc.quotes if content in q.content.text]
    assert found and found[0].speaker == speaker, [(q.source.text if q.source else None, q.speaker) for q in doc.quotes]


def test_honorifics_say_which_pronoun_a_name_takes():
    from presslens.quotes.mentions import Mention
    from presslens.quotes.pronoun_agreement import honorific_pronouns

    text = "Mr. Lind met Ms. Berg. Then Lind spoke. Mrs. Ode and Mr. Ode came. Dr. Kim left."

    def m(name: str, canonical: str, nth: int = 0) -> Mention:
        i = -1
        for _ in range(nth + 1):
            i = text.index(name, i + 1)
        return Mention(i, i + len(name), "PERSON", canonical, True)

    mentions = [m("Lind", "Lind"), m("Berg", "Berg"), m("Lind", "Lind", 1), m("Ode", "Ode"), m("Ode", "Ode", 1),
                m("Kim", "Kim")]
    # both honorifics for one name, or none: either pronoun may stand for it
    assert honorific_pronouns(text, mentions) == {"Lind": frozenset({"he"}), "Berg": frozenset({"she"})}


@pytest.mark.parametrize(("pronoun", "speaker", "ruled_out"), [("she", "Anna Berg", "Karl Lind"), ("he", None, "Anna Berg")])
def test_a_pronoun_skips_a_name_its_honorific_rules_out(quotes_pipeline, pronoun, speaker, ruled_out):
    text = (
        "Ms. Anna Berg met Mr. Karl Lind at the harbour on Monday. Ms. Berg and Mr. Lind then talked for an hour.\n\n"
        f'"The port will reopen," {pronoun} said.'
    )
    doc = quotes_pipeline(Document(id="t", text=text))
    (quote,) = [q for q in doc.quotes if q.source is not None and q.source.text == pronoun]
    # "he": Karl Lind is never a subject here, so no referent is close enough: abstain, never "Anna Berg"
    assert quote.speaker == speaker and quote.speaker != ruled_out


@pytest.mark.parametrize(
    ("text", "source", "speaker"),
    [
        # a source cut to a title: the name goes on after it; a title alone is nobody's name
        ("'Is the port closing?' asked Mr. Tomas Reyes on Friday.", "Mr.", "Tomas Reyes"),
        ("'The port is closing,' the President said on Friday.", "President", None),
        ("Harbour Radio President said the port would close.", "Harbour Radio President", None),
    ],
)
def test_a_title_alone_is_no_speakers_name(text, source, speaker):
    from presslens.pipeline import load_pipeline
    from presslens.quotes.coreference import SpeakerResolver
    from presslens.quotes.mentions import mentions_from

    doc = load_pipeline(["parse.v1", "entities.v1"])(Document(id="t", text=text))
    resolver = SpeakerResolver(doc.parsed, mentions_from(doc.parsed, doc.entities), [], text=text)
    start = text.index(source)
    head = max(t.i for t in doc.parsed if start <= t.idx < start + len(source))
    name, _ = resolver.resolve_with_how((start, start + len(source)), head)
    assert name == speaker
