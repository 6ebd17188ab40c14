from __future__ import annotations

import re

from tests.conftest import make_doc

from presslens.document import Document, Entity, Technique
from presslens.report.html import render_report
from presslens.report.highlight import Marked, segments


def test_html_escapes_script_from_article_text():
    text = 'The page said <script>alert("x")</script> & more.'
    doc = Document(id="evil<id>", text=text, title="<b>Title</b>").with_layer(
        "entities", [Entity.of(text, 14, 22, label="ORG", canonical="<script>")]
    )
    html = render_report([doc])
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html and "alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<b>Title</b>" not in html and "&lt;b&gt;Title&lt;/b&gt;" in html
    assert "evil&lt;id&gt;" in html
    # the only script element is the report's own switch code
    assert len(re.findall(r"<script>", html)) == 1


def test_html_is_self_contained():
    html = render_report([make_doc()])
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
    assert "<link" not in html and "src=" not in html


def test_html_shows_every_layer_with_counts_and_unavailable_layers():
    doc = make_doc()
    html = render_report([doc])
    assert "Entities (1)" in html and "Persuasion techniques (1)" in html
    assert "Loaded_Language: score 0.90, voice quoted (Ines Baptiste)" in html
    bare = Document(id="bare", text="Nothing analysed yet.")
    html = render_report([bare])
    assert "Not available in this version" in html and "n/a" in html


def test_highlight_segments_cover_text_and_list_overlapping_spans():
    doc = make_doc()
    marks = [Marked("entities", 0, doc.entities[0]), Marked("quotes", 0, doc.quotes[0].content), Marked("techniques", 0, doc.techniques[0])]
    segs = segments(doc.text, marks)
    assert "".join(doc.text[s.start : s.end] for s in segs) == doc.text
    inside = [s for s in segs if s.start >= 53 and s.end <= 63]
    assert inside and all({m.layer for m in s.covering} == {"quotes", "techniques"} for s in inside)


def test_html_and_terminal_show_voices_against_the_author():
    from io import StringIO

    from rich.console import Console

    from presslens.report.terminal import print_summary
    from presslens.voices.stage import make_voices

    doc = make_voices()(make_doc())
    assert doc.pipeline[-1] == "voices.v1"
    html = render_report([doc])
    assert "Voices: the author&#x27;s own words against each speaker&#x27;s" in html
    assert "Loaded_Language 1" in html  # the technique counted in the quoted speaker's voice
    out = StringIO()
    print_summary(doc, console=Console(file=out, width=200))
    assert "Ines Baptiste" in out.getvalue() and "Voices" in out.getvalue()


def test_terminal_names_techniques_readably_with_their_voice_split():
    from io import StringIO

    from rich.console import Console

    from presslens.report.terminal import print_summary

    text = 'Critics called him a "traitor" and a "coward"; the plan is a disaster, the paper wrote.'
    techs = [
        Technique.of(text, 21, 30, technique="Name_Calling,Labeling", score=0.8, voice="quoted", speaker=None),
        Technique.of(text, 37, 45, technique="Name_Calling,Labeling", score=0.6, voice="quoted", speaker=None),
        Technique.of(text, 59, 69, technique="Appeal_to_fear-prejudice", score=0.4, voice="author"),
    ]
    doc = Document(id="t", text=text).with_layer("techniques", techs)
    out = StringIO()
    print_summary(doc, console=Console(file=out, width=200))
    shown = out.getvalue()
    assert "Name Calling, Labeling" in shown and "Appeal to fear-prejudice" in shown
    assert "Name_Calling" not in shown  # exact labels stay in JSON, people read words
    row = next(line for line in shown.splitlines() if "Name Calling, Labeling" in line)
    assert "0/2/0" in row and "'\"traitor\"' (0.80)" in row
