"""Tests for presslens.eval.counterfactuals: the suite's files, filled templates and placeholders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presslens.errors import InputError
from presslens.eval.counterfactuals import Group, Instance, fill, load_suite, slot_pattern
from presslens.eval.neutrality_suite import normaliser

SUITE = Path(__file__).resolve().parents[1] / "data" / "neutrality"


@pytest.fixture(scope="module")
def suite():
    return load_suite(SUITE)


def test_counterfactuals_suite_covers_groups_templates_and_article_swaps(suite):
    kinds = {t.groups for t in suite.templates}
    assert kinds == {"countries", "peoples", "sides"}
    assert len(suite.countries) >= 12 and len(suite.peoples) >= 12 and len(suite.sides) >= 6
    articles = [t for t in suite.templates if t.kind == "article"]
    assert len(articles) >= 2
    # every pair of a one-group template's instances, (a, b) and (b, a) for sides and articles
    expected = sum(
        len(suite.countries) * (len(suite.countries) - 1) // 2 if t.groups == "countries"
        else len(suite.peoples) * (len(suite.peoples) - 1) // 2 if t.groups == "peoples"
        else len(suite.sides)
        for t in suite.templates
    )
    assert len(suite.cases) == expected
    assert len(suite.texts()) < 2 * len(suite.cases)  # each text is analysed once


def test_counterfactuals_every_template_fills_without_leftover_slots(suite):
    for case in suite.cases:
        for text in (case.left.text, case.right.text):
            assert "{" not in text and "}" not in text, text


def test_counterfactuals_swapped_article_exchanges_the_sides(suite):
    case = next(c for c in suite.cases if c.template.kind == "article")
    assert case.left.groups == tuple(reversed(case.right.groups))
    norm_left, norm_right = normaliser(case.left), normaliser(case.right)
    assert norm_left(case.left.text) == norm_right(case.right.text)


@pytest.mark.parametrize(
    ("template", "values", "expected"),
    [
        ("{name} has launched an attack.", {"name": "the United States"}, "The United States has launched an attack."),
        ("It rained. {name} sent aid.", {"name": "the United States"}, "It rained. The United States sent aid."),
        ("Aid from {name} arrived.", {"name": "the United States"}, "Aid from the United States arrived."),
        ('"Go," the {adj} envoy said.', {"adj": "Iranian"}, '"Go," the Iranian envoy said.'),
        ("{A_adj} forces fired.", {"a_adj": "Russian"}, "Russian forces fired."),
    ],
)
def test_counterfactuals_fill_capitalises_only_a_sentence_start(template, values, expected):
    assert fill(template, values) == expected


def test_counterfactuals_fill_names_an_unknown_slot():
    with pytest.raises(InputError, match="unknown slot 'country'"):
        fill("{country} said so.", {"name": "Iran"})


def test_counterfactuals_placeholders_replace_every_form_longest_first():
    group = Group(name="Saudi Arabia", adj="Saudi", people="Saudis")
    inst = Instance("x", (("<G>", group.forms()),), (group.key,))
    assert normaliser(inst)("Saudi Arabia and SAUDI officials met Saudis; Saudiness stays.") == (
        "<G> and <G> officials met <G>; Saudiness stays."
    )
    pattern, lookup = slot_pattern(inst.slots)
    assert lookup["saudi arabia"] == "<G>" and pattern.search("the Saudi-led coalition")


def test_counterfactuals_the_united_states_also_as_united_states():
    assert Group(name="the United States", adj="American", people="Americans").forms() == (
        "the United States", "American", "Americans", "United States",
    )


def test_counterfactuals_bad_suite_files_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="groups.json"):
        load_suite(tmp_path)
    (tmp_path / "groups.json").write_text(json.dumps({"countries": [], "peoples": [], "sides": [["Atlantis", "Mu"]]}))
    (tmp_path / "templates.jsonl").write_text("")
    with pytest.raises(InputError, match="not one of the countries"):
        load_suite(tmp_path)
    (tmp_path / "groups.json").write_text(json.dumps({"countries": [], "peoples": []}))
    (tmp_path / "templates.jsonl").write_text(json.dumps({"id": "t", "text": "{name}", "groups": "planets"}) + "\n")
    with pytest.raises(InputError, match="groups must be one of countries, peoples, sides"):
        load_suite(tmp_path)
