"""Counterfactual texts for the neutrality suite: templates filled for many groups, and side-swapped articles.

Why templates: a neutral analysis finds the same things in a sentence
whichever country, people, religion or party it names. Each template is
written once and filled for every group of its kind (`groups.json`), so one
template gives many pairs that differ only in the group named:

- a one-group template (`{name}`, `{adj}`, `{people}`) is compared over every
  pair of its instantiations;
- a two-sided template (`{a_name}` ... `{b_people}`) and an article are
  filled for a pair of sides both ways, (a, b) and (b, a): the result with
  the names exchanged must mirror the original.

A slot written with a capital (`{A_adj}`, `{Name}`) takes the filler with
its first letter capitalised. Every instance carries its slots (a placeholder
such as `<A>` and the words that fill it), so that findings can be compared
with the group names replaced by their placeholders
(`presslens.eval.neutrality_suite`). The suite's files are described in
tests/data/neutrality/README.md.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import InputError
from ..io.jsonl_lines import JsonlLine, read_jsonl_lines

GROUPS_FILE = "groups.json"
TEMPLATES_FILE = "templates.jsonl"
ARTICLES_DIR = "articles"
# Kinds of group list a template may be filled with; "sides" holds pairs of countries.
GROUP_KINDS = ("countries", "peoples", "sides")
ONE_SLOT = "<G>"
SIDE_SLOTS = ("<A>", "<B>")


@dataclass(frozen=True)
class Group:
    """One group as a text may name it: the country's name (if any), an adjective and its people."""

    adj: str
    people: str
    name: str = ""

    @property
    def key(self) -> str:
        return self.name or self.people

    def forms(self) -> tuple[str, ...]:
        """Every string that names the group in a filled text ("the United States" also as "United States")."""
        out = [self.name, self.adj, self.people]
        if self.name.lower().startswith("the "):
            out.append(self.name[4:])
        return tuple(dict.fromkeys(f for f in out if f))

    def values(self, prefix: str = "") -> dict[str, str]:
        return {f"{prefix}name": self.name or self.people, f"{prefix}adj": self.adj, f"{prefix}people": self.people}


@dataclass(frozen=True)
class Template:
    """A text with slots; `groups` says which list fills it (`countries`, `peoples`, `sides` or `article`)."""

    id: str
    text: str
    groups: str
    kind: str = ""


@dataclass(frozen=True)
class Instance:
    """One filled text and its slots: placeholder -> the words of the group that fills it."""

    text: str
    slots: tuple[tuple[str, tuple[str, ...]], ...]
    groups: tuple[str, ...]


@dataclass(frozen=True)
class Case:
    """Two instances of one template whose findings must agree once the groups are replaced by placeholders."""

    template: Template
    left: Instance
    right: Instance


@dataclass(frozen=True)
class Suite:
    templates: tuple[Template, ...]
    countries: tuple[Group, ...]
    peoples: tuple[Group, ...]
    sides: tuple[tuple[Group, Group], ...]
    cases: tuple[Case, ...] = field(default=())

    def texts(self) -> list[str]:
        """Every distinct text to analyse, in first-use order."""
        return list(dict.fromkeys(t for c in self.cases for t in (c.left.text, c.right.text)))


class _Slots(dict[str, str]):
    def __missing__(self, key: str) -> str:
        lower = key[:1].lower() + key[1:]
        if key[:1].isupper() and lower in self:
            value = self[lower]
            return value[:1].upper() + value[1:]
        raise KeyError(key)


_LOWER_THE = re.compile(r"(^|[.!?][\"\u201d]?\s+|\n\s*)the\b")


def fill(text: str, values: Mapping[str, str]) -> str:
    """Fill `{slot}`s; a filler that starts a sentence ("the United States ...") is capitalised."""
    try:
        filled = text.format_map(_Slots(values))
    except KeyError as exc:
        raise InputError(text[:60], f"unknown slot {exc}; valid slots: {', '.join(sorted(values))}") from exc
    filled = _LOWER_THE.sub(lambda m: f"{m.group(1)}The", filled)
    return filled[:1].upper() + filled[1:]


def instances_of(template: Template, suite: Suite) -> Iterator[Case]:
    """The cases of one template (see the module docstring)."""
    if template.groups in ("countries", "peoples"):
        groups = suite.countries if template.groups == "countries" else suite.peoples
        filled = [
            Instance(fill(template.text, g.values()), ((ONE_SLOT, g.forms()),), (g.key,)) for g in groups
        ]
        for left, right in itertools.combinations(filled, 2):
            yield Case(template, left, right)
        return
    for a, b in suite.sides:
        yield Case(template, _sided(template, a, b), _sided(template, b, a))


def _sided(template: Template, a: Group, b: Group) -> Instance:
    text = fill(template.text, {**a.values("a_"), **b.values("b_")})
    return Instance(text, ((SIDE_SLOTS[0], a.forms()), (SIDE_SLOTS[1], b.forms())), (a.key, b.key))


def load_suite(directory: str | Path) -> Suite:
    """Read `groups.json`, `templates.jsonl` and `articles/*.txt` from `directory` and build every case."""
    directory = Path(directory)
    groups_path, templates_path = directory / GROUPS_FILE, directory / TEMPLATES_FILE
    for path in (groups_path, templates_path):
        if not path.is_file():
            raise InputError(
                str(path), f"missing; a neutrality suite folder holds {GROUPS_FILE}, {TEMPLATES_FILE} and "
                f"{ARTICLES_DIR}/ (see tests/data/neutrality)"
            )
    try:
        raw = json.loads(groups_path.read_text(encoding="utf-8"))
        countries = tuple(Group(**g) for g in raw["countries"])
        peoples = tuple(Group(**g) for g in raw["peoples"])
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(str(groups_path), f"cannot read the groups: {exc}") from exc
    by_name = {g.name: g for g in countries}
    try:
        sides = tuple((by_name[a], by_name[b]) for a, b in raw.get("sides", ()))
    except KeyError as exc:
        raise InputError(str(groups_path), f"side {exc} is not one of the countries: {', '.join(by_name)}") from exc
    lines = read_jsonl_lines(templates_path, expected="a template {id, text, groups, kind}")
    templates = [_template(line) for line in lines]
    articles = sorted((directory / ARTICLES_DIR).glob("*.txt")) if (directory / ARTICLES_DIR).is_dir() else []
    templates += [Template(p.stem, p.read_text(encoding="utf-8").strip(), "sides", "article") for p in articles]
    suite = Suite(tuple(templates), countries, peoples, sides)
    return replace(suite, cases=tuple(c for t in suite.templates for c in instances_of(t, suite)))


def _template(line: JsonlLine) -> Template:
    where, obj = line.where, line.record
    try:
        template = Template(id=str(obj["id"]), text=str(obj["text"]), groups=str(obj["groups"]), kind=str(obj.get("kind", "")))
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(where, f"expected {{id, text, groups, kind}}: {exc}") from exc
    if template.groups not in GROUP_KINDS:
        raise InputError(where, f"groups must be one of {', '.join(GROUP_KINDS)}, got {template.groups!r}")
    return template


def is_article(template: Template) -> bool:
    return template.kind == "article"


def slot_pattern(slots: Sequence[tuple[str, tuple[str, ...]]]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex matching every filler word (longest first, whole words, any case) and filler -> placeholder."""
    lookup = {form.lower(): token for token, forms in slots for form in forms}
    ordered = sorted(lookup, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, ordered)) + r")(?!\w)", re.I), lookup
