from __future__ import annotations

from presslens.eval.neutrality import check_neutrality, counterfactual_pairs


def test_neutrality_pairs_differ_only_in_group():
    pairs = counterfactual_pairs()
    assert len(pairs) >= 200
    for pair in pairs:
        a, b = pair.groups
        assert pair.left != pair.right
        assert pair.left.replace(a, "<G>").replace(a[0].upper() + a[1:], "<G>") == pair.right.replace(
            b, "<G>"
        ).replace(b[0].upper() + b[1:], "<G>")


def test_neutrality_check_counts_differing_pairs():
    pairs = counterfactual_pairs()[:10]
    biased = lambda text: ["Name_Calling,Labeling"] if "Russia" in text else []  # noqa: E731
    result = check_neutrality(biased, pairs)
    expected = sum(("Russia" in p.left) != ("Russia" in p.right) for p in pairs)
    assert result.pairs == 10 and result.differing == expected and expected > 0
    assert check_neutrality(lambda text: ["Doubt"], pairs).share == 0.0
