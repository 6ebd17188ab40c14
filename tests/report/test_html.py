from __future__ import annotations

import datetime as dt
import re
from html import escape
from html.parser import HTMLParser

from presslens.document import (
    TECHNIQUE_LABELS,
    Claim,
    Document,
    Entity,
    Part,
    Quote,
    Technique,
    TimeExpression,
)
from presslens.report import presentation as p
from presslens.report.highlight import Marked, segments
from presslens.report.html import render_report
from tests.conftest import make_doc

# An article written for these tests: two speakers, the author, four techniques, a claim,
# markup and quotation marks that must come out as text.
REPORT_TEXT = (
    'Harbour <Council> leader Dana Whitcombe said on Tuesday that the ferry levy was "a shameless cash grab". '
    "Either we scrap the levy or the island dies, she told reporters.\n\n"
    'Port director Sam Okafor disagreed. "Every other port already charges it," he said, '
    "adding that fees rose 12% in 2025.\n\n"
    'Critics <script>alert("x")</script> call the plan & its backers "pirates".'
)


def _at(sub: str, *, after: int = 0) -> tuple[int, int]:
    start = REPORT_TEXT.index(sub, after)
    return start, start + len(sub)


def report_fixture_doc() -> Document:
    """A hand-built analysed article with every layer (also used by the browser test)."""
    t = REPORT_TEXT

    def part(sub: str) -> Part:
        return Part.of(t, *_at(sub))

    whitcombe, okafor = "Dana Whitcombe", "Sam Okafor"
    source_w = part("Harbour <Council> leader Dana Whitcombe")
    he = t.index("he said", t.index("charges it"))
    source_o = Part.of(t, he, he + 2)
    quotes = [
        Quote.of(
            t, *_at('Harbour <Council> leader Dana Whitcombe said on Tuesday that the ferry levy was "a shameless cash grab"'),
            content=part('that the ferry levy was "a shameless cash grab"'), cue=part("said"), source=source_w,
            speaker=whitcombe, kind="mixed",
        ),
        Quote.of(
            t, *_at("Either we scrap the levy or the island dies, she told"),
            content=part("Either we scrap the levy or the island dies"), cue=part("told"), source=part("she"),
            speaker=whitcombe, kind="indirect",
        ),
        Quote.of(
            t, *_at('"Every other port already charges it," he said'),
            content=part('"Every other port already charges it,"'),
            cue=Part.of(t, he + 3, he + 7), source=source_o, speaker=okafor, kind="direct",
        ),
        Quote.of(
            t, *_at("adding that fees rose 12% in 2025"),
            content=part("that fees rose 12% in 2025"), cue=part("adding"), source=None, speaker=okafor, kind="indirect",
        ),
    ]
    techniques = [
        Technique.of(t, *_at("shameless cash grab"), technique="Loaded_Language", score=0.81, voice="quoted",
                     speaker=whitcombe, source=source_w),
        Technique.of(t, *_at("Either we scrap the levy or the island dies"), technique="Black-and-White_Fallacy",
                     score=0.55, voice="paraphrased", speaker=whitcombe, source=part("she")),
        Technique.of(t, *_at("Every other port already charges it"), technique="Bandwagon,Reductio_ad_hitlerum",
                     score=0.47, voice="quoted", speaker=okafor, source=source_o),
        Technique.of(t, *_at("pirates"), technique="Name_Calling,Labeling", score=0.33, voice="author"),
    ]
    claims = [
        Claim.of(t, *_at("fees rose 12% in 2025"), score=0.91, voice="paraphrased", speaker=okafor, source=None,
                 quantities=[part("12%")], times=[part("2025")]),
        Claim.of(t, *_at('Critics <script>alert("x")</script> call the plan'), score=0.52, voice="author"),
    ]
    entities = [
        Entity.of(t, *_at("Harbour <Council>"), label="ORG", canonical="Harbour <Council>"),
        Entity.of(t, *_at(whitcombe), label="PERSON", canonical=whitcombe),
        Entity.of(t, *_at(okafor), label="PERSON", canonical=okafor),
    ]
    times = [
        TimeExpression.of(t, *_at("Tuesday"), label="DATE", value="2026-03-10", anchored=True),
        TimeExpression.of(t, *_at("2025"), label="DATE", value="2025", anchored=False),
    ]
    doc = Document(
        id="ferry<1>", text=t, title='Ferry levy "row" <i>deepens</i>', source="The Harbour & Isles Gazette",
        published=dt.date(2026, 3, 12),
    )
    return (
        doc.with_layer("entities", entities)
        .with_layer("times", times)
        .with_layer("quotes", quotes)
        .with_layer("techniques", techniques)
        .with_layer("claims", claims)
    )


class _Collector(HTMLParser):
    """Ids, local link targets and visible text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name == "id" and value:
                self.ids.append(value)
            if name == "href" and value:
                self.hrefs.append(value)


def _parse(html: str) -> _Collector:
    c = _Collector()
    c.feed(html)
    return c


def test_html_escapes_script_and_quotes_from_the_article():
    html = render_report([report_fixture_doc()])
    assert "<script" not in html  # the report has no script of its own, and the article's is text
    assert '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;' in html
    assert "<i>deepens</i>" not in html and "Ferry levy &quot;row&quot; &lt;i&gt;deepens&lt;/i&gt;" in html
    assert "ferry&lt;1&gt;" in html and "Harbour &lt;Council&gt;" in html
    assert "The Harbour &amp; Isles Gazette" in html and " &amp; its backers" in html
    # attribute values (tooltips, aria-labels) are escaped too: no raw quote can end one early
    for value in re.findall(r'(?:title|aria-label)="([^"]*)"', html):
        assert "<" not in value and ">" not in value


def test_html_escapes_script_in_names_and_ids():
    text = 'The page said <script>alert("x")</script> & more.'
    doc = Document(id="evil<id>", text=text, title="<b>Title</b>").with_layer(
        "entities", [Entity.of(text, 14, 22, label="ORG", canonical="<script>")]
    )
    html = render_report([doc])
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "<b>Title</b>" not in html and "&lt;b&gt;Title&lt;/b&gt;" in html
    assert "evil&lt;id&gt;" in html


def test_html_is_self_contained_and_needs_no_script():
    html = render_report([report_fixture_doc(), make_doc()])
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
    assert "<link" not in html and "src=" not in html and "<script" not in html
    assert "@media print" in html and "@media (max-width: 40rem)" in html


def test_html_links_point_at_ids_that_exist_and_ids_are_unique():
    page = _parse(render_report([report_fixture_doc(), make_doc()]))
    assert len(page.ids) == len(set(page.ids))
    local = {h[1:] for h in page.hrefs if h.startswith("#")}
    assert local and local <= set(page.ids)


def test_html_shows_every_layer_with_counts_and_unavailable_layers():
    doc = make_doc()
    html = render_report([doc])
    assert "Entities</span> (1)" in html and "Persuasion techniques</span> (1)" in html
    assert "Loaded language (LL): score 0.90 (high), in Ines Baptiste&#x27;s quoted words" in html
    bare = Document(id="bare", text="Nothing analysed yet.")
    html = render_report([bare])
    assert "Not available in this version" in html and "n/a" in html


def test_html_names_techniques_readably_never_by_corpus_label():
    html = render_report([report_fixture_doc()])
    for label in TECHNIQUE_LABELS:
        if "_" in label or "," in label:
            assert label not in html  # exact labels stay in JSON
    assert "Black-and-white fallacy" in html and "Name calling, labeling" in html


def test_html_legend_defines_all_techniques_terms_and_scores():
    html = render_report([report_fixture_doc()])
    legend = html[html.index('<section class="legend"') :]
    for d in [*p.TECHNIQUES.values(), *p.TERMS.values()]:
        assert f'id="{d.anchor}"' in legend
        assert escape(d.definition) in legend and escape(d.example) in legend
    assert escape(p.SCORES["techniques"]) in legend and escape(p.SCORES["claims"]) in legend


def test_html_every_technique_shown_has_its_definition_one_hover_or_click_away():
    html = render_report([report_fixture_doc()])
    tags = re.findall(r'<a class="tag (t\d+)" href="#(def-\w+)" title="([^"]*)" aria-label="([^"]*)">(\w\w)</a>', html)
    assert len(tags) == 4  # one after each technique passage
    for cls, anchor, title, label, code in tags:
        d = p.TECHNIQUES[TECHNIQUE_LABELS[int(cls[1:])]]
        assert (anchor, code) == (d.anchor, d.code)
        assert escape(d.definition).replace('"', "&quot;") in title  # hover
        assert "score" in label and "Go to the definition" in label  # screen readers
    # the techniques found beside the text carry their definitions as well
    aside = html[html.index('<aside class="found"') : html.index("</aside>")]
    for label in ("Loaded_Language", "Black-and-White_Fallacy", "Name_Calling,Labeling"):
        assert escape(p.TECHNIQUES[label].definition) in aside


def test_html_summary_chart_has_a_bar_per_voice_linked_to_the_first_passage():
    html = render_report([report_fixture_doc()])
    bars = html[html.index('<svg class="chart-bars"') :]
    bars = bars[: bars.index("</svg>")]
    labels = re.findall(r'<text class="row-label"[^>]*><title>([^<]*)</title>', bars)
    assert labels == ["author", "Dana Whitcombe", "Sam Okafor"]
    assert 'aria-label="Dana Whitcombe: 1 span of Loaded language"' in bars
    assert 'href="#d0-tec-0"' in bars and 'href="#d0-tec-1"' in bars  # the first passage of each
    assert ">LL</text>" in bars and ">BW</text>" in bars  # codes, not colour alone


def test_html_strip_marks_every_technique_quote_and_claim_with_a_link_to_its_passage():
    doc = report_fixture_doc()
    html = render_report([doc])
    strip = html[html.index('<div class="strip"') :]
    strip = strip[: strip.index("</figure>")]
    for layer, prefix in (("techniques", "tec"), ("quotes", "quo"), ("claims", "cla")):
        for i in range(len(getattr(doc, layer))):
            assert f'href="#d0-{prefix}-{i}"' in strip
            assert f'id="d0-{prefix}-{i}"' in html
    assert "Techniques (4)" in strip and "Quotes (4)" in strip and "Claims (2)" in strip
    assert "outline indirect" in strip  # quote kinds differ by shape, and the key says so


def test_html_table_of_contents_only_for_several_articles():
    one = render_report([report_fixture_doc()])
    two = render_report([report_fixture_doc(), make_doc()])
    assert 'class="toc"' not in one
    toc = two[two.index('<nav class="toc"') : two.index("</nav>")]
    assert 'href="#doc-0"' in toc and 'href="#doc-1"' in toc and "4 techniques" in toc


def test_html_table_columns_say_how_they_wrap():
    html = render_report([report_fixture_doc()])
    assert 'class="num" data-label="score"' in html and 'class="long" data-label="claim"' in html
    assert "overflow-wrap: anywhere" not in html.split("/* Tables")[1].split("/* Phones")[0]


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
    assert "Loaded language</a></span> 1" in html  # the technique counted in the quoted speaker's voice
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
    assert "Name calling, labeling" in shown and "Appeal to fear, prejudice" in shown  # as in the HTML report
    assert "Name_Calling" not in shown  # exact labels stay in JSON, people read words
    row = next(line for line in shown.splitlines() if "Name calling, labeling" in line)
    assert "0/2/0" in row and "'\"traitor\"' (0.80)" in row


def _with_candidate() -> Document:
    """make_doc plus a candidate span (an appeal to fear in the candidates lane)."""
    doc = make_doc()
    candidate = Technique.of(
        doc.text, 0, 19, technique="Appeal_to_fear-prejudice", score=0.12, voice="author", lane="candidate"
    )
    return doc.with_layer("techniques", [*(doc.techniques or []), candidate])


def test_html_candidates_lane_is_marked_apart_switched_off_and_not_counted():
    html = render_report([_with_candidate()])
    assert "Persuasion techniques</span> (1)" in html and "Candidates (low precision)</span> (1)" in html
    assert re.search(r'<input type="checkbox" id="d0-can" data-layer="can">', html)  # off until switched on
    code = p.technique("Appeal_to_fear-prejudice").code
    assert 'class="tag can-tag' in html and f">{code}?</a>" in html
    assert "Candidate (low precision): Appeal to fear" in html
    assert "<h4>Candidates (low precision)</h4>" in html
    assert "a passage without a mark, or an article with no technique shown, may still use one" in html


def test_html_recall_note_says_no_technique_shown_is_not_none_there():
    html = render_report([make_doc()])
    assert "Shown spans find about" in html and "may still use one" in html
