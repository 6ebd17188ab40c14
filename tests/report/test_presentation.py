from __future__ import annotations

import re
from html import escape

import pytest

from presslens.document import TECHNIQUE_LABELS, Document, Part, Quote, Technique
from presslens.report import presentation as p
from presslens.report.summary import technique_title, techniques_by_speaker
from presslens.report.svg import Bar, Lane, Mark, position_strip, technique_bars
from tests.conftest import make_doc


def test_presentation_covers_every_technique_with_its_own_name_code_and_colour():
    assert tuple(p.TECHNIQUES) == TECHNIQUE_LABELS
    for attr in ("name", "code", "colour", "anchor"):
        values = [getattr(d, attr) for d in p.TECHNIQUES.values()]
        assert len(set(values)) == 14, attr
    assert all(re.fullmatch(r"[A-Z]{2}", d.code) for d in p.TECHNIQUES.values())
    assert all(re.fullmatch(r"#[0-9a-f]{6}", d.colour or "") for d in p.TECHNIQUES.values())


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("Name_Calling,Labeling", "Name calling, labeling"),
        ("Appeal_to_fear-prejudice", "Appeal to fear, prejudice"),
        ("Black-and-White_Fallacy", "Black-and-white fallacy"),
        ("Thought-terminating_Cliches", "Thought-terminating cliché"),
        ("Whataboutism,Straw_Men,Red_Herring", "Whataboutism, straw man, red herring"),
    ],
)
def test_presentation_names_techniques_as_people_read_them(label, name):
    assert p.technique_name(label) == name
    assert technique_title(label) == name  # the terminal summary says the same


def test_presentation_definitions_and_examples_are_one_finished_sentence_each():
    for d in [*p.TECHNIQUES.values(), *p.TERMS.values()]:
        for text in (d.definition, d.example):
            assert text and "\n" not in text and len(text) < 200, (d.key, text)
            assert text.rstrip('"\u201d')[-1] in ".!?", (d.key, text)


def test_presentation_terms_cover_claims_quote_kinds_and_voice():
    assert set(p.TERMS) == {"claim", "direct", "indirect", "mixed", "voice"}
    assert set(p.SCORES) == {"techniques", "claims"}
    assert set(p.VOICE_NAMES) == {"author", "quoted", "paraphrased"}


def test_presentation_colours_keep_text_and_quote_text_at_wcag_aa():
    for d in p.TECHNIQUES.values():
        assert p.contrast_ratio(p.INK, d.colour) >= 4.5, d.name
        assert p.contrast_ratio(p.QUOTE_INK, d.colour) >= 4.5, d.name
    for colour in (p.QUOTE_INK, p.CLAIM_COLOUR, p.LAYER_STYLES["entities"].colour, p.LAYER_STYLES["times"].colour):
        assert p.contrast_ratio(colour, "#ffffff") >= 4.5


def test_presentation_contrast_ratio_matches_wcag_reference_values():
    assert p.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert p.contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert p.contrast_ratio("#ffffff", "#777777") == p.contrast_ratio("#777777", "#ffffff")


def test_presentation_unknown_technique_names_the_value_and_the_valid_labels():
    with pytest.raises(ValueError, match=r"unknown technique 'Propaganda'; valid: Loaded_Language, .*Bandwagon"):
        p.technique_name("Propaganda")


def test_presentation_legend_has_an_entry_per_definition_linked_by_anchor():
    html = p.legend_html()
    for d in [*p.TECHNIQUES.values(), *p.TERMS.values()]:
        assert f'id="{d.anchor}"' in html
    assert p.definition_id("Doubt") == "def-DO" and p.definition_id("claim") == "def-claim"
    only = p.legend_html(techniques=["Doubt"])
    assert 'id="def-DO"' in only and 'id="def-LL"' not in only


def test_presentation_chip_links_its_name_to_the_definition_with_it_as_tooltip():
    chip = p.technique_chip_html("Doubt")
    assert '<span class="chip t3" aria-hidden="true">DO</span>' in chip
    assert 'href="#def-DO"' in chip and f'title="{escape(p.TECHNIQUES["Doubt"].definition)}"' in chip
    assert "href" not in p.technique_chip_html("Doubt", link=False)


def test_presentation_stylesheet_colours_every_technique_class():
    css = p.stylesheet()
    for i, d in enumerate(p.TECHNIQUES.values()):
        assert f".t{i} {{ --tc: {d.colour}; }}" in css


def test_svg_bars_draw_a_coded_linked_segment_per_technique_and_say_none_for_an_empty_row():
    svg = technique_bars(
        [Bar("author", {"Doubt": 2}), Bar("Dana <W>", {"Slogans": 1, "Doubt": 1}, {"Slogans": "#x"}), Bar("Sam", {})],
        caption="per voice",
    )
    assert svg.startswith('<svg class="chart-bars"') and svg.endswith("</svg>")
    assert svg.count("<rect ") == 3
    assert 'href="#x"' in svg and 'href="#def-DO"' in svg  # a given passage, else the definition
    assert ">DO</text>" in svg and ">SL</text>" in svg
    assert "Dana &lt;W&gt;" in svg and "Dana <W>" not in svg
    assert ">none</text>" in svg
    assert "<desc>author: 2 Doubt; Dana &lt;W&gt;: 1 Doubt, 1 Slogans; Sam: none</desc>" in svg


def test_svg_strip_places_marks_at_their_share_of_the_text():
    html = position_strip(
        200,
        [Lane("Claims", [Mark(50, 100, 'claim "a"', "#c0")]), Lane("Quotes", [Mark(0, 10, "q", None, shape="outline")])],
        caption="where",
        ticks=[100],
    )
    assert '<rect x="250.0" y="3" width="250.0"' in html  # 50/200 of 1000 units
    assert 'href="#c0" aria-label="claim &quot;a&quot;"' in html
    assert 'fill="#ffffff"' in html  # outline: the kind differs by shape, not colour alone
    assert 'x1="500.0"' in html and "Claims (1)" in html and "Quotes (1)" in html


def test_summary_techniques_by_speaker_puts_the_author_first_then_each_speaker():
    text = 'Ann Lee said the plan was "a disaster". Critics called it "theft". It is a scandal, the paper wrote.'

    def at(sub: str) -> tuple[int, int]:
        return text.index(sub), text.index(sub) + len(sub)

    critics_source = Part.of(text, *at("Critics"))
    lee = Quote.of(text, *at('Ann Lee said the plan was "a disaster"'), content=Part.of(text, *at('the plan was "a disaster"')),
                   cue=Part.of(text, *at("said")), source=Part.of(text, *at("Ann Lee")), speaker="Ann Lee", kind="mixed")
    critics = Quote.of(text, *at('Critics called it "theft"'), content=Part.of(text, *at('"theft"')),
                       cue=Part.of(text, *at("called")), source=critics_source, speaker=None, kind="direct")
    techs = [
        Technique.of(text, *at("a disaster"), technique="Loaded_Language", score=0.8, voice="quoted", speaker="Ann Lee"),
        Technique.of(text, *at("theft"), technique="Name_Calling,Labeling", score=0.6, voice="quoted",
                     source=critics_source),
        Technique.of(text, *at("scandal"), technique="Loaded_Language", score=0.5, voice="author"),
    ]
    doc = Document(id="v", text=text).with_layer("quotes", [lee, critics]).with_layer("techniques", techs)
    rows = techniques_by_speaker(doc)
    assert [r.label for r in rows] == ["author", "Ann Lee", "Critics"]
    assert rows[0].counts == {"Loaded_Language": 1} and rows[0].first == {"Loaded_Language": 2}
    assert rows[2].counts == {"Name_Calling,Labeling": 1}


def test_summary_techniques_by_speaker_merges_speakers_past_the_limit():
    from tests.report.test_html import report_fixture_doc

    doc = report_fixture_doc()
    assert [r.label for r in techniques_by_speaker(doc)] == ["author", "Dana Whitcombe", "Sam Okafor"]
    rows = techniques_by_speaker(doc, max_rows=2)
    assert [r.label for r in rows] == ["author", "2 other speakers"]
    assert sum(rows[1].counts.values()) == 3 and rows[1].first["Loaded_Language"] == 0


def test_summary_techniques_by_speaker_lists_the_author_alone_without_quotes():
    assert [r.label for r in techniques_by_speaker(Document(id="x", text="Plain text."))] == ["author"]
    assert [r.label for r in techniques_by_speaker(make_doc())] == ["author", "Ines Baptiste"]
