from __future__ import annotations

import random

import pytest

from presslens.entities.canonical import (
    _Cluster,
    _Clusters,
    _find,
    _singular,
    acronym,
    canonical_names,
    key,
    normalise,
    same_name,
)


@pytest.mark.parametrize(
    "a,b",
    [
        ("Haniyeh", "Haniyah"),
        ("Gaddafi", "Gadhafi"),
        ("Qaddafi", "Qadhafi"),
        ("Mohammed", "Muhammad"),
        ("Zelensky", "Zelenskyy"),
        ("Khamenei", "Khamenei"),
        ("Navalny", "Navalniy"),
    ],
)
def test_canonical_same_name_accepts_spelling_variants(a, b):
    assert same_name(a, b)


@pytest.mark.parametrize(
    "a,b",
    [
        ("Dan", "Dean"),
        ("Putin", "Pulin"),
        ("Clinton", "Clifton"),
        ("Maria", "Mario"),
        ("Netanyahu", "Nasrallah"),
        ("Abbas", "Obama"),
        ("Hamas", "Haaretz"),
    ],
)
def test_canonical_same_name_refuses_different_names(a, b):
    assert not same_name(a, b)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Ayatollah Ali Khamenei", "Ali Khamenei"),
        ("President Joe Biden", "Joe Biden"),
        ("Prime Minister Golda Meir", "Golda Meir"),
        ("the United Nations", "United Nations"),
        ("Okonkwo-Reyes's", "Okonkwo-Reyes"),
        ("Dr. Paula Grant", "Paula Grant"),
    ],
)
def test_canonical_normalise_drops_titles_articles_and_possessives(text, expected):
    assert normalise(text) == expected


def test_canonical_merges_surname_title_and_variant_into_one_actor():
    mentions = [
        ("Ismael Haniyeh", "PERSON"),
        ("Ayatollah Ali Khamenei", "PERSON"),
        ("Khamenei", "PERSON"),
        ("Haniyah", "ORG"),  # spaCy mislabels; the person's cluster wins
        ("Haniyeh", "PERSON"),
        ("Ali Khamenei's", "PERSON"),
    ]
    names = canonical_names(mentions)
    assert names == [
        ("Ismael Haniyeh", "PERSON"),
        ("Ali Khamenei", "PERSON"),
        ("Ali Khamenei", "PERSON"),
        ("Ismael Haniyeh", "PERSON"),
        ("Ismael Haniyeh", "PERSON"),
        ("Ali Khamenei", "PERSON"),
    ]


def test_canonical_keeps_different_people_with_different_names_apart():
    names = canonical_names([("Marta Okonkwo-Reyes", "PERSON"), ("Daniel Whitcombe", "PERSON"), ("Whitcombe", "PERSON")])
    assert [n for n, _ in names] == ["Marta Okonkwo-Reyes", "Daniel Whitcombe", "Daniel Whitcombe"]


def test_canonical_acronym_joins_organisation():
    names = canonical_names([("the United Nations", "ORG"), ("UN", "ORG"), ("U.N.", "ORG")])
    assert [n for n, _ in names] == ["United Nations"] * 3
    assert acronym("United Nations") == "UN"


@pytest.mark.parametrize(
    "side_a,side_b",
    [("Israeli", "Palestinian"), ("Russian", "Ukrainian"), ("Democratic", "Republican"), ("Muslim", "Jewish")],
)
def test_canonical_is_neutral_between_sides(side_a, side_b):
    """Swapping which group is named must not change how mentions are merged."""
    a = canonical_names([(f"{side_a} Army", "ORG"), (f"the {side_a} Army", "ORG"), (side_a, "NORP")])
    b = canonical_names([(f"{side_b} Army", "ORG"), (f"the {side_b} Army", "ORG"), (side_b, "NORP")])
    assert [n.replace(side_a, "X") for n, _ in a] == [n.replace(side_b, "X") for n, _ in b]


def test_canonical_merges_plural_of_a_people():
    names = canonical_names([("Zionist", "NORP"), ("Zionists", "NORP"), ("Texans", "NORP"), ("Texan", "NORP")])
    assert names[0][0] == names[1][0] and names[0][0] in ("Zionist", "Zionists")
    assert names[2][0] == names[3][0]


def _cluster(label, *forms):
    cluster = _Cluster(label=label)
    for position, form in enumerate(forms):
        cluster.add(form, label, position)
    return cluster


@pytest.mark.parametrize(
    "form,label,expected",
    [
        ("Varga", "PERSON", 1),  # a surname shared by two people: the first of them
        ("Oskar", "PERSON", 1),  # a first name
        ("Vargha", "PERSON", 1),  # a spelling variant of the surname
        ("Oskar Vargha", "PERSON", 1),  # first and last names as variants
        ("TLC", "ORG", 2),  # the acronym of two organisations
        ("Telmarine", "NORP", 4),  # singular of a people
    ],
)
def test_canonical_find_returns_the_first_of_several_matching_clusters(form, label, expected):
    clusters = [
        _cluster("PERSON", "Greta Holm"),
        _cluster("PERSON", "Oskar Varga"),
        _cluster("ORG", "Tovel Lumber Company"),
        _cluster("PERSON", "Oskar Varga Holm", "Ilse Varga"),
        _cluster("NORP", "Telmarines"),
        _cluster("ORG", "Tarn Lake Council"),
        _cluster("NORP", "Telmarine people"),
    ]
    assert _find(clusters, form, label) is clusters[expected]


def test_canonical_index_prefers_an_earlier_cluster_that_gained_a_form_later():
    clusters = _Clusters()
    early = clusters.add(None, "Ruth Abend", "PERSON", 0)
    late = clusters.add(None, "Karl Mendez", "PERSON", 1)
    clusters.add(late, "Ruth Mendez", "PERSON", 2)
    assert clusters.find("Mendez", "PERSON") is late
    clusters.add(early, "Ruth Mendhez", "PERSON", 3)  # the earlier cluster now matches too
    assert clusters.find("Mendez", "PERSON") is early
    assert clusters.find("Ruth", "PERSON") is early


def _reference_find(clusters, form, label):
    """The scan over every cluster that `_Clusters.find` replaces, kept as its specification."""
    k = key(form)
    parts = k.split()
    for cluster in clusters:
        if k in cluster.keys:
            return cluster
    if label == "NORP":
        singular = _singular(k)
        for cluster in clusters:
            if cluster.label == "NORP" and singular in {_singular(c) for c in cluster.keys}:
                return cluster
    if len(parts) == 1:
        for cluster in clusters:
            if cluster.label == "PERSON" and any(
                len(p) > 1 and (same_name(parts[0], p[-1]) or (label == "PERSON" and parts[0] == p[0]))
                for p in cluster.name_parts()
            ):
                return cluster
        compact = form.replace(".", "")
        if compact.isupper() and len(compact) >= 2:
            for cluster in clusters:
                if cluster.label != "PERSON" and any(acronym(f) == compact for f in cluster.forms):
                    return cluster
    for cluster in clusters:
        if cluster.label != label:
            continue
        for p in cluster.name_parts():
            if len(p) == len(parts) and all(same_name(a, b) for a, b in zip(parts, p)):
                return cluster
            if label == "PERSON" and min(len(p), len(parts)) > 1 and same_name(parts[0], p[0]) and same_name(parts[-1], p[-1]):
                return cluster
    return None


_WORDS = ["Haniyeh", "Haniyah", "Gaddafi", "Gadhafi", "Mira", "Mara", "Tovel", "Tarn", "Lake", "Council", "Varga", "Vargha", "Ola", "al-Rami", "Rami", "Bo"]
_EXTRAS = ["TLC", "T.L.C.", "TL", "Telmarine", "Telmarines", "the", "Dr.", "Mr", "Haniyeh's", "al-"]


def test_canonical_index_finds_what_a_scan_over_all_clusters_finds():
    rng = random.Random(7)
    for _ in range(150):
        reference: list[_Cluster] = []
        indexed = _Clusters()
        for position in range(rng.randint(1, 40)):
            words = [rng.choice(_WORDS) for _ in range(rng.randint(1, 3))]
            if rng.random() < 0.3:
                words.insert(0, rng.choice(_EXTRAS))
            form = normalise(" ".join(words))
            label = rng.choice(["PERSON", "PERSON", "ORG", "NORP", "GPE"])
            if not form:
                continue
            expected = _reference_find(reference, form, label)
            found = indexed.find(form, label)
            assert (found is None) == (expected is None), (form, label)
            if expected is None:
                expected = _Cluster(label=label)
                reference.append(expected)
            else:
                assert indexed.clusters.index(found) == reference.index(expected), (form, label)
            expected.add(form, label, position)
            indexed.add(found, form, label, position)
        assert [c.forms for c in indexed.clusters] == [c.forms for c in reference]


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        # institutions and offices keep their whole name, whatever the country
        ("Supreme Court", "ORG", "Supreme Court"),
        ("the Supreme Court", None, "Supreme Court"),
        ("the Justice Department", "ORG", "Justice Department"),
        ("Justice Department", None, "Justice Department"),
        ("Supreme Leader", "ORG", "Supreme Leader"),
        ("Supreme Leader", None, "Supreme Leader"),
        ("the General Assembly", "ORG", "General Assembly"),
        ("General Motors", "ORG", "General Motors"),
        ("State Duma", None, "State Duma"),
        ("Crown Prosecution Service", "ORG", "Crown Prosecution Service"),
        ("the High Court", None, "High Court"),
        ("Chief Rabbinate", None, "Chief Rabbinate"),
        ("Constitutional Court", "ORG", "Constitutional Court"),
        ("Foreign Ministry", "ORG", "Foreign Ministry"),
        ("Interior Ministry", None, "Interior Ministry"),
        ("the Prime Minister's Office", None, "Prime Minister's Office"),
        ("Judge Business School", "ORG", "Judge Business School"),
        ("Queen Mary University", "ORG", "Queen Mary University"),
        # places keep their title word
        ("Sheikh Jarrah", "LOC", "Sheikh Jarrah"),
        ("Bab al-Amoud", "LOC", "Bab al-Amoud"),
        ("Sheikh Zayed Road", "FAC", "Sheikh Zayed Road"),
        ("Sultan Ahmed Mosque", "FAC", "Sultan Ahmed Mosque"),
        ("Prince George's County", "GPE", "Prince George's County"),
        ("Bishop Auckland", "GPE", "Bishop Auckland"),
        ("Port Said", "GPE", "Port Said"),
        # a person's title still goes
        ("Supreme Leader Ali Khamenei", "PERSON", "Ali Khamenei"),
        ("Chief Justice Maria Okafor", "PERSON", "Maria Okafor"),
        ("Prime Minister Golda Meir", None, "Golda Meir"),
    ],
)
def test_canonical_normalise_keeps_institutions_and_places_whole(text, label, expected):
    assert normalise(text, label=label) == expected


def test_canonical_acronym_never_joins_a_persons_surname():
    names = canonical_names([("Kim Jong Un", "PERSON"), ("U.N.", "ORG"), ("Kim", "PERSON")])
    assert names == [("Kim Jong Un", "PERSON"), ("U.N.", "ORG"), ("Kim Jong Un", "PERSON")]


def test_canonical_institutions_of_different_countries_stay_apart_from_people():
    names = canonical_names([("Supreme Court", "ORG"), ("Ruth Court", "PERSON"), ("Justice Department", "ORG")])
    assert names == [("Supreme Court", "ORG"), ("Ruth Court", "PERSON"), ("Justice Department", "ORG")]
