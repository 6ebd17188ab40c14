from __future__ import annotations

import pytest

from presslens.errors import InputError
from presslens.eval.polnear import parse_ann, read_polnear
from tests.conftest import SHARED, requires_shared

TEXT = 'Ann Lee said "the dam is safe," and officials agreed.\n'
ANN = (
    "T1\tSource 0 7\tAnn Lee\n"
    "T2\tCue 8 12\tsaid\n"
    "T3\tContent 13 24;25 31\t\"the dam is safe,\"\n"
    "T4\tAttribution 8 12\tsaid\n"
    "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
    "T5\tAttribution-no-source 45 51\tagreed\n"
    "E2\tAttribution-no-source:T5\n"
)


def test_polnear_parse_ann_joins_fragments_and_skips_contentless():
    (att,) = parse_ann(ANN, TEXT)
    assert att.source == ((0, 7),)
    assert att.cue == ((8, 12),)
    assert att.content == ((13, 24), (25, 31))
    assert [TEXT[s:e] for s, e in att.content] == ['"the dam is', 'safe,"']


def test_polnear_read_takes_first_annotator_file(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text(TEXT, encoding="utf-8", newline="")
    (tmp_path / "attributions" / "a_zz99.ann").write_text("", encoding="utf-8")
    (tmp_path / "attributions" / "a_aa01.ann").write_text(ANN, encoding="utf-8")
    (text,) = read_polnear(tmp_path)
    assert (text.name, text.annotator, len(text.attributions)) == ("a", "aa01", 1)


def test_polnear_offsets_outside_text_are_an_input_error():
    with pytest.raises(InputError, match="outside the text"):
        parse_ann("T1\tContent 5 900\tx\n", TEXT)


def test_polnear_missing_folders_are_an_input_error(tmp_path):
    with pytest.raises(InputError, match="text/ and attributions/"):
        read_polnear(tmp_path)


@requires_shared
def test_polnear_dev_offsets_match_the_text():
    texts = read_polnear(SHARED / "data" / "polnear" / "dev")
    assert len(texts) == 84
    assert sum(len(t.attributions) for t in texts) == 2192
    for t in texts:
        for a in t.attributions:
            assert all(0 <= s <= e <= len(t.text) for s, e in a.content + a.cue + a.source)
