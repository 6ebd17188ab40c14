"""One canonical name per actor within an article.

Why: a reader (and every per-speaker count downstream) must see "Ayatollah Ali
Khamenei", "Khamenei" and "Ali Khamenei's" as one actor, and transliteration
variants such as Haniyeh / Haniyah as one person. Mentions are clustered
within one article only: across articles the same surname can be different
people.

Rules, in order, for each mention (longest mentions first, so that full
names found anywhere in the article anchor the clusters):
1. the same normalised key (titles, "the", a possessive 's and a leading
   Arabic article "al-" removed; case and accents ignored) joins that cluster,
   whatever spaCy's label;
2. a person's surname or first name alone joins the person ("Khamenei");
3. an acronym joins the organisation it abbreviates ("UN" -> "United Nations");
4. names whose every part is a spelling variant of the other's join
   (`same_name`), e.g. Haniyeh / Haniyah, Gadhafi / Gaddafi.
Nothing here looks at which group, party or country a name belongs to: the
same rules apply to every side.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Set
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.fuzz import ratio

# Labels that name actors or places and so take part in merging.
ACTOR_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)

# Honorifics and offices dropped from the front of a name. Lower-case, without final period.
TITLES = frozenset(
    """
    mr mrs ms miss mx dr prof sir dame lord lady rev reverend father sister brother
    president vice prime minister premier chancellor secretary general gen lt col colonel
    major maj capt captain sgt sergeant admiral adm commander senator sen rep representative
    congressman congresswoman gov governor mayor judge justice chief speaker ambassador
    king queen prince princess emperor sheikh shaikh sheik emir amir sultan crown
    ayatollah imam rabbi pope cardinal bishop archbishop patriarch grand supreme leader
    deputy foreign defence defense interior finance state former late acting
    """.split()
)

# Head words of institutions and places: a title word before them is part of the name
# ("Supreme Court", "Justice Department", "General Assembly", "Sultan Ahmed Mosque").
INSTITUTION_HEADS = frozenset(
    """
    court courts department ministry office council assembly parliament house senate committee commission
    bureau agency service services authority army forces force guard guards police bank party front movement
    league union university college school academy hospital church mosque temple cathedral synagogue shrine
    palace square street road avenue gate bridge district quarter neighbourhood neighborhood city county
    province state island islands mountain river lake sea port airport station motors corporation company
    group fund foundation institute center centre cabinet government administration duma knesset rada
    majlis sejm bundestag congress tribunal prosecution rabbinate chamber convention guardian guardians
    """.split()
)
# Labels whose names never lose a leading title word: a place or a group keeps its whole name.
_WHOLE_NAME_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})

_QUOTES = "\"'\u2018\u2019\u201c\u201d"
_SPACE = re.compile(r"\s+")


def normalise(text: str, *, label: str | None = None) -> str:
    """The comparison key of a mention: titles, articles and possessives removed.

    Titles are stripped only before a person's name ("President Joe Biden" -> "Joe Biden"):
    never from a mention labelled as a place or a group, never when what follows is an
    institution or a place ("Supreme Court", "Justice Department"), and never when only title
    words would remain ("Supreme Leader" stays whole).
    """
    name = _SPACE.sub(" ", text).strip().strip(_QUOTES).strip()
    name = re.sub(r"['\u2019]s?$", "", name).strip()
    tokens = name.split(" ")
    while len(tokens) > 1 and _bare(tokens[0]) == "the":
        tokens = tokens[1:]
    if label not in _WHOLE_NAME_LABELS:
        titles = 0
        while titles < len(tokens) and is_title(tokens[titles]):
            titles += 1
        rest = [_bare(t) for t in tokens[titles:]]
        if 0 < titles < len(tokens) and not any(w in INSTITUTION_HEADS for w in rest):
            tokens = tokens[titles:]
    if len(tokens) == 1 and _bare(tokens[0]) == "the":
        tokens = []
    name = " ".join(tokens)
    return name


def key(text: str, *, label: str | None = None) -> str:
    """Lower-cased, accent-free key of a normalised name, without a leading 'al-'."""
    folded = unicodedata.normalize("NFKD", normalise(text, label=label))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    folded = re.sub(r"^(al|el)[- ]", "", folded)
    folded = folded.replace(".", "").replace("\u2019", "'")
    return _SPACE.sub(" ", folded).strip()


def _bare(token: str) -> str:
    return token.lower().rstrip(".")


def is_title(word: str) -> bool:
    """True for a title word ("President", "Gen.", "Sheikh"), as `normalise` strips them."""
    return _bare(word) in TITLES


def same_name(a: str, b: str) -> bool:
    """True when two single names are spelling or transliteration variants.

    Transliterations of one name differ in vowels, in a silent h after a
    consonant, in doubled letters and in q/k, but keep their consonants:
    Haniyeh / Haniyah, Gaddafi / Gadhafi, Mohammed / Muhammad. So names match
    when their consonant skeletons are equal and at least three consonants
    long (Maria / Mario are different people) and the spellings are close.
    Names that differ in a consonant (Putin / Pulin, Clinton / Clifton) never match.
    """
    a, b = key(a), key(b)
    if a == b:
        return True
    skeleton = _skeleton(a)
    return len(skeleton) >= 3 and skeleton == _skeleton(b) and ratio(a, b) >= 70


def _skeleton(name: str) -> str:
    """Consonants only: vowels, y, w, apostrophes and an h after a consonant dropped; doubles collapsed."""
    out = name.lower().replace("q", "k")
    out = re.sub(r"(?<=[bcdfgjklmnpqrstvxz])h", "", out)
    out = re.sub(r"[aeiouyw'\- ]", "", out)
    return re.sub(r"(.)\1+", r"\1", out)


def _singular(name: str) -> str:
    return name[:-1] if name.endswith("s") and len(name) > 4 else name


def acronym(name: str) -> str:
    """Initials of the capitalised words ("United Nations" -> "UN")."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w[0].isupper()]
    return "".join(w[0] for w in words)


@dataclass
class _Cluster:
    label: str
    forms: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)
    first_seen: dict[str, int] = field(default_factory=dict)

    def add(self, form: str, label: str, position: int) -> None:
        self.forms[form] += 1
        self.labels[label] += 1
        self.first_seen.setdefault(form, position)

    @property
    def canonical(self) -> str:
        """The fullest name (most words), then the most frequent, then the earliest."""
        return max(
            self.forms,
            key=lambda f: (len(f.split()), self.forms[f], -self.first_seen[f]),
        )

    @property
    def keys(self) -> set[str]:
        return {key(f) for f in self.forms}

    def name_parts(self) -> list[list[str]]:
        return [key(f).split() for f in self.forms]


def canonical_names(mentions: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Map each (text, label) mention to (canonical name, resolved label).

    Non-actor mentions (numbers, money, ...) keep their normalised text.
    """
    results: list[tuple[str, str] | None] = [None] * len(mentions)
    order = sorted(
        range(len(mentions)),
        key=lambda i: (-len(normalise(mentions[i][0], label=mentions[i][1]).split()), i),
    )
    clusters = _Clusters()
    assignment: dict[int, _Cluster] = {}
    for i in order:
        text, label = mentions[i]
        form = normalise(text, label=label)
        if label not in ACTOR_LABELS or not form:
            results[i] = (form or text.strip(), label)
            continue
        assignment[i] = clusters.add(clusters.find(form, label), form, label, i)
    canonical: dict[int, str] = {}  # per cluster (by id): the name depends only on its final forms
    for i, cluster in assignment.items():
        name = canonical.get(id(cluster))
        if name is None:
            name = canonical[id(cluster)] = cluster.canonical
        results[i] = (name, cluster.label)
    return [r if r is not None else (m[0], m[1]) for r, m in zip(results, mentions)]


def _find(clusters: list[_Cluster], form: str, label: str) -> _Cluster | None:
    """The cluster `form` joins: the first in `clusters` that a rule accepts, rule by rule."""
    return _Clusters(clusters).find(form, label)


_NONE: frozenset[int] = frozenset()


@lru_cache(maxsize=8192)
def _sound(part: str) -> tuple[str, str]:
    """What `same_name` needs equal: the consonant skeleton, or the key itself when too short to match by sound.

    `same_name(a, b)` implies `_sound(a) == _sound(b)`, so it can index clusters by name part.
    """
    k = key(part)
    skeleton = _skeleton(k)
    return ("skeleton", skeleton) if len(skeleton) >= 3 else ("key", k)


class _Clusters:
    """The clusters of one article in creation order, with indexes so that `find` looks only at
    the clusters a rule can accept instead of scanning all of them for every mention (which made
    an article with thousands of mentions quadratic).

    Each index maps what a rule compares to the positions of the clusters holding it; `find`
    checks the rule itself on those candidates, lowest position first, so it returns the same
    cluster as a scan in list order. Labels never change, so label-specific indexes stay valid.
    """

    def __init__(self, clusters: list[_Cluster] | None = None) -> None:
        self.clusters: list[_Cluster] = []
        self._position: dict[int, int] = {}  # id(cluster) -> position
        self._key: dict[str, int] = {}  # rule 1: key -> first cluster with it
        self._norp: dict[str, int] = {}  # singular key -> first NORP cluster with it
        self._person: defaultdict[object, set[int]] = defaultdict(set)  # rule 2: ("first", part) / ("last", sound)
        self._acronym: defaultdict[str, set[int]] = defaultdict(set)  # rule 3: acronym of a non-PERSON form
        self._variant: defaultdict[object, set[int]] = defaultdict(set)  # rule 4: sounds of every part / first+last
        for cluster in clusters or ():
            self._append(cluster)
            for form in cluster.forms:
                self._index(len(self.clusters) - 1, form)

    def find(self, form: str, label: str) -> _Cluster | None:
        k = key(form, label=label)
        parts = k.split()
        if k in self._key:
            return self.clusters[self._key[k]]
        if label == "NORP" and _singular(k) in self._norp:  # a people and its members: "Palestinian" / "Palestinians"
            return self.clusters[self._norp[_singular(k)]]
        compact = form.replace(".", "")
        if len(parts) == 1 and not (compact.isupper() and label != "PERSON"):
            # an acronym ("U.N.") is never a person's surname ("Kim Jong Un")
            first_or_last = self._person.get(("last", _sound(parts[0])), _NONE)
            if label == "PERSON":
                first_or_last = first_or_last | self._person.get(("first", parts[0]), _NONE)
            found = self._first(first_or_last, lambda c: _person_part(c, parts[0], label))
            if found is not None:
                return found
        if len(parts) == 1:
            if compact.isupper() and len(compact) >= 2 and compact in self._acronym:
                return self.clusters[min(self._acronym[compact])]
        variants = self._variant.get((label, tuple(_sound(p) for p in parts)), _NONE)
        if label == "PERSON" and len(parts) > 1:
            variants = variants | self._variant.get(("ends", _sound(parts[0]), _sound(parts[-1])), _NONE)
        return self._first(variants, lambda c: _variant_of(c, parts, label))

    def add(self, cluster: _Cluster | None, form: str, label: str, position: int) -> _Cluster:
        """Add the mention to `cluster` (None: to a new cluster of `label`) and index its form."""
        if cluster is None:
            cluster = _Cluster(label=label)
            self._append(cluster)
        new = form not in cluster.forms
        cluster.add(form, label, position)
        if new:
            self._index(self._position[id(cluster)], form)
        return cluster

    def _append(self, cluster: _Cluster) -> None:
        self._position[id(cluster)] = len(self.clusters)
        self.clusters.append(cluster)

    def _index(self, at: int, form: str) -> None:
        label = self.clusters[at].label
        k = key(form, label=label)
        p = k.split()
        self._key[k] = min(at, self._key.get(k, at))
        if label == "NORP":
            self._norp[_singular(k)] = min(at, self._norp.get(_singular(k), at))
        if label == "PERSON" and len(p) > 1:
            self._person[("first", p[0])].add(at)
            self._person[("last", _sound(p[-1]))].add(at)
            self._variant[("ends", _sound(p[0]), _sound(p[-1]))].add(at)
        if label != "PERSON":
            self._acronym[acronym(form)].add(at)
        self._variant[(label, tuple(_sound(part) for part in p))].add(at)

    def _first(self, candidates: Set[int], accepts: Callable[[_Cluster], bool]) -> _Cluster | None:
        for at in sorted(candidates):
            if accepts(self.clusters[at]):
                return self.clusters[at]
        return None


def _person_part(cluster: _Cluster, part: str, label: str) -> bool:
    """Rule 2: a single name is a person's surname (or, for a PERSON mention, first name)."""
    return cluster.label == "PERSON" and any(
        len(p) > 1 and (same_name(part, p[-1]) or (label == "PERSON" and part == p[0])) for p in cluster.name_parts()
    )


def _variant_of(cluster: _Cluster, parts: list[str], label: str) -> bool:
    """Rule 4: every part a spelling variant of a cluster name's, or a person's first and last names."""
    if cluster.label != label:
        return False
    for p in cluster.name_parts():
        if len(p) == len(parts) and all(same_name(a, b) for a, b in zip(parts, p)):
            return True
        if label == "PERSON" and min(len(p), len(parts)) > 1 and same_name(parts[0], p[0]) and same_name(parts[-1], p[-1]):
            return True
    return False
