"""The learned attribution head: source, cue and content tags per word, read off the shared encoder pass.

Why a learned head beside the rules: PolNeAR's annotators follow conventions
that rules only approximate (where a paraphrase starts and stops, which verbs
report speech), and a tagger trained on their marks learns them. It reads the
rules' own output as features, so it starts from what the rules find and
learns where they go wrong, and the MiniLM token vectors of the one encoder
pass the techniques layer makes anyway (`encoder_pass` layer), so it adds no
second encoder pass: only a small bidirectional LSTM (ONNX, no torch).

Units are the exact-match scorer's words (`presslens.quotes.bio`: runs of
word characters or one other character). Per unit the head reads the
mean of its subword vectors (projected by the model's first layer in the
encoder pass, see `TechniqueTagger.forward`), the spaCy tag, dependency,
entity type and head direction of the token it starts in, and flags: vector
present, cue-lexicon lemma, sentence start, inside quotation marks,
capitalised, and the rules' B/I tags for each role. It gives BIO scores per
role; each role is decoded with Viterbi under the BIO constraint (no I after
O), so every span read back is well formed.

The model directory holds `head.onnx` (inputs `vectors` [B, n, P],
`categories` [B, n, 4] int64, `flags` [B, n, F]; output `logits`
[B, n, 3 roles, 3 tags]), `projection.onnx` (`hidden` [B, L, D] -> `projected`
[B, L, P]: the encoder-side half of the first layer, run inside the encoder
pass) and `config.json` (the category vocabularies). The projection runs in
onnxruntime on one thread, not numpy: numpy's BLAS threads spin beside the
encoder's own threads and slowed the whole pass by a third.
"""

from __future__ import annotations

import functools
import json
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from .bio import Span2, bio_tags, spans_from_tags, word_units
from .spans import RawAttribution

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "attribution"
ROLES = ("source", "cue", "content")
HEAD_FILE = "head.onnx"
PROJECTION_FILE = "projection.onnx"
CONFIG_FILE = "config.json"
HEAD_DISTANCE = 4  # the head's direction and distance, clipped to [-4, 4]
# log P(O) above which a unit is decoded as O without the Viterbi recursion (P(O) > 0.9999)
SURE_OUTSIDE = -1e-4

RoleSpans = dict[str, list[Span2]]


@dataclass(frozen=True)
class Vocabularies:
    """Category names of the head's embeddings (index 0: anything else)."""

    pos: tuple[str, ...]
    dep: tuple[str, ...]
    ent: tuple[str, ...]

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Vocabularies:
        return cls(tuple(config["pos"]), tuple(config["dep"]), tuple(config["ent"]))

    def as_config(self) -> dict[str, list[str]]:
        return {"pos": list(self.pos), "dep": list(self.dep), "ent": list(self.ent)}


def rule_fragments(raws: Sequence[RawAttribution]) -> dict[str, list[Span2]]:
    """Each role's spans of the rules' attributions, in the order the quotes layer lists them
    (one entry per content piece, by content start), so later spans overwrite earlier ones
    exactly as in the layer the head was trained on."""
    pieces = sorted(((c, r) for r in raws for c in r.content), key=lambda x: x[0])
    return {
        "source": [r.source for _, r in pieces if r.source is not None],
        "cue": [r.cue for _, r in pieces if r.cue is not None],
        "content": [c for c, _ in pieces],
    }


def unit_vectors(units: Sequence[Span2], offsets: np.ndarray, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per unit: the mean vector of the subword tokens overlapping it, and 1 where it has any."""
    out = np.zeros((len(units), vectors.shape[1]), dtype=np.float32)
    has = np.zeros(len(units), dtype=np.float32)
    if not len(units) or not len(offsets):
        return out, has
    starts, ends = offsets[:, 0], offsets[:, 1]
    u = np.asarray(units, dtype=np.int64).reshape(-1, 2)
    lo = np.searchsorted(ends, u[:, 0], side="right")
    hi = np.searchsorted(starts, u[:, 1], side="left")
    csum = np.concatenate([np.zeros((1, vectors.shape[1]), dtype=np.float64), np.cumsum(vectors, axis=0, dtype=np.float64)])
    n = np.maximum(hi - lo, 0)
    ok = n > 0
    out[ok] = ((csum[hi[ok]] - csum[lo[ok]]) / n[ok, None]).astype(np.float32)
    has[ok] = 1.0
    return out, has


def unit_features(
    parsed: Any,
    units: Sequence[Span2],
    raws: Sequence[RawAttribution],
    regions: Sequence[Span2],
    lexicon: frozenset[str],
    vocab: Vocabularies,
    groups: Sequence[Span2] = (),
    text: str | None = None,
    syntax: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """The head's `categories` [n, 4] and flags [n, 10], or [n, 10 + SYNTAX_FLAGS] with `syntax`
    (`syntax_rows`; heads trained so say `"syntax": true`); the vector-present flag is added by the caller.

    Words of a group name (`groups`: the ranges the encoder pass masked) all read alike: a
    capitalised proper noun with no dependency, entity type or lemma, as the encoder reads them
    as one [MASK]; spaCy tags "Muslim" ADJ and "Sikh" PROPN, and the head must not learn that.
    """
    text = parsed.text if text is None else text  # `Doc.text` joins every token again on each read
    n = len(units)
    index = {name: {v: i + 1 for i, v in enumerate(values)} for name, values in vocab.as_config().items()}
    # per spaCy token first, read as arrays (no Token objects), then per unit by the token it starts in
    per_token = _token_rows(parsed, index, lexicon)
    starts = np.asarray([s for s, _ in units], dtype=np.int64).reshape(n)
    which, found = _inside(per_token[:, 6], per_token[:, 6] + per_token[:, 7], starts)
    cats = np.zeros((n, 4), dtype=np.int64)
    cats[:, 3] = HEAD_DISTANCE
    cats[found] = per_token[which[found], 0:4]
    flags = np.zeros((n, 10 + (SYNTAX_FLAGS if syntax else 0)), dtype=np.float32)
    flags[found, 0:2] = per_token[which[found], 4:6]
    if syntax and len(parsed):
        flags[found, 10:] = syntax_rows(parsed, lexicon)[which[found]]
    if regions:
        bounds = np.asarray(regions, dtype=np.int64)
        flags[:, 2] = _inside(bounds[:, 0], bounds[:, 1], starts)[1]
    flags[:, 3] = [text[s : s + 1].isupper() for s, _ in units]
    if groups:
        bounds = np.asarray(sorted(groups), dtype=np.int64)
        inside = _inside(bounds[:, 0], bounds[:, 1], starts)[1]
        cats[inside] = (index["pos"].get("PROPN", 0), 0, 0, HEAD_DISTANCE)
        flags[inside, 0] = 0.0
        flags[inside, 3] = 1.0
    rules = rule_fragments(raws)
    for i, role in enumerate(ROLES):
        tags = bio_tags(units, rules[role])
        flags[:, 4 + 2 * i] = tags == 1
        flags[:, 5 + 2 * i] = tags == 2
    return cats, flags


# Dependencies of a cue verb's children, by what they usually hold in reported speech
COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "dobj"})  # what was said
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "agent"})  # who said it
ADJUNCT_DEPS = frozenset({"advcl", "prep", "npadvmod", "advmod"})  # when, where, how: the writer's words
MODIFIER_DEPS = frozenset({"relcl", "appos", "acl"})  # clauses inside a noun phrase (a source's tail)
SYNTAX_FLAGS = 5


def syntax_rows(parsed: Any, lexicon: frozenset[str]) -> np.ndarray:
    """Per spaCy token [T, SYNTAX_FLAGS] float32: inside a complement, a subject or an adjunct of a
    cue-lexicon verb; inside a relative clause, apposition or clausal modifier; closeness to the
    nearest cue verb of its sentence (exp(-distance / 4), 0 when the sentence has none).

    Why: where a content, source or cue stops is mostly where a subtree of the cue verb stops
    ("..., she said as she left" ends at "said"; "a spokesman who asked not to be named" is a source
    with a relative clause). The rules read some of this; the head learns from all of it.
    """
    rows = np.zeros((len(parsed), SYNTAX_FLAGS), dtype=np.float32)
    for sent in parsed.sents:
        cues = [t.i for t in sent if t.pos_ == "VERB" and t.lemma_.lower() in lexicon]
        for i in cues:
            for child in parsed[i].children:
                column = (
                    0 if child.dep_ in COMPLEMENT_DEPS else 1 if child.dep_ in SUBJECT_DEPS
                    else 2 if child.dep_ in ADJUNCT_DEPS else -1
                )
                if column >= 0:
                    rows[child.left_edge.i : child.right_edge.i + 1, column] = 1.0
        if cues:
            at = np.arange(sent.start, sent.end)
            distance = np.abs(at[:, None] - np.asarray(cues)[None, :]).min(axis=1)
            rows[sent.start : sent.end, 4] = np.exp(-distance / 4.0)
    for token in parsed:
        if token.dep_ in MODIFIER_DEPS:
            rows[token.left_edge.i : token.right_edge.i + 1, 3] = 1.0
    return rows


def read_names_alike(vectors: np.ndarray, has: np.ndarray, cats: np.ndarray, vocab: Vocabularies) -> None:
    """In place: every proper-noun word reads alike, with no encoder vector and no entity type.

    Why: the encoder pass masks group names only, so a person's name reaches the head as its own
    word vectors, and spaCy gives some peoples' names PERSON and others WORK_OF_ART or ORG. A head
    that reads them can keep an attribution for one name and drop it for another; reading every
    proper noun alike (its tag, dependency and place in the sentence stay) leaves it nothing to tell
    them apart by. Heads trained so say `"neutral_names": true` in their training settings.
    """
    if "PROPN" not in vocab.pos:
        return
    names = cats[:, 0] == vocab.pos.index("PROPN") + 1
    vectors[names] = 0.0
    has[names] = 0.0
    cats[names, 2] = 0


def _inside(starts: np.ndarray, ends: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each offset: the last range (sorted, non-overlapping [starts, ends)) starting at or before
    it, and whether the offset lies inside that range."""
    k = np.searchsorted(starts, offsets, side="right") - 1
    which = np.maximum(k, 0)
    if not len(starts):
        return which, np.zeros(len(offsets), dtype=bool)
    return which, (k >= 0) & (offsets < ends[which])


def _token_rows(parsed: Any, index: Mapping[str, Mapping[str, int]], lexicon: frozenset[str]) -> np.ndarray:
    """Per spaCy token: tag, dependency and entity-type indices, clipped head offset, cue-lemma flag,
    sentence-start flag, start offset and length ([T, 8] int64), from `Doc.to_array` (one C pass)."""
    from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, LEMMA, LENGTH, POS, SENT_START

    if not len(parsed):
        return np.zeros((0, 8), dtype=np.int64)
    raw = parsed.to_array([POS, DEP, ENT_TYPE, HEAD, LEMMA, SENT_START, IDX, LENGTH])  # uint64: hashes stay whole
    signed = raw.astype(np.int64)  # head offsets and sentence starts are signed
    strings = parsed.vocab.strings
    out = np.zeros((len(raw), 8), dtype=np.int64)
    for col, name in ((0, "pos"), (1, "dep"), (2, "ent")):
        values, inverse = np.unique(raw[:, col], return_inverse=True)
        ids = np.asarray([index[name].get(strings[int(v)], 0) if v else 0 for v in values.tolist()], dtype=np.int64)
        out[:, col] = ids[inverse.reshape(-1)]
    out[:, 3] = np.clip(signed[:, 3], -HEAD_DISTANCE, HEAD_DISTANCE) + HEAD_DISTANCE
    values, inverse = np.unique(raw[:, 4], return_inverse=True)
    cue = np.asarray([bool(v) and strings[int(v)].lower() in lexicon for v in values.tolist()], dtype=np.int64)
    out[:, 4] = cue[inverse.reshape(-1)]
    out[:, 5] = signed[:, 5] == 1
    out[:, 6:8] = signed[:, 6:8]
    return out


def viterbi_bio(logp: np.ndarray) -> list[int]:
    """Best O/B/I sequence (0/1/2) under the BIO constraint: I never follows O nor starts the text.

    Exact where it matters and cheap: stretches the head is sure are O (`SURE_OUTSIDE`) are O, and
    the stretches between them are cut apart there; a stretch whose per-unit best tags already
    form a valid sequence keeps them (with no other transition scores that is the optimum), and
    only the others go through the recursion (pure Python: faster than numpy for three states).
    """
    n = len(logp)
    if not n:
        return []
    best = logp.argmax(axis=1)
    invalid = (best == 2) & np.concatenate([[True], best[:-1] == 0])
    if not invalid.any():
        return best.tolist()
    out = best.tolist()
    sure = np.flatnonzero(logp[:, 0] > SURE_OUTSIDE)
    stop = 0
    for bad in np.flatnonzero(invalid).tolist():
        if bad < stop:
            continue  # decoded with an earlier stretch
        k = int(np.searchsorted(sure, bad))  # the first sure unit after `bad` (none is at `bad`: its best is I)
        start = int(sure[k - 1]) + 1 if k > 0 else 0
        stop = int(sure[k]) if k < len(sure) else n
        out[start:stop] = _viterbi(logp[start:stop].tolist())
    return out


def _viterbi(rows: list[list[float]]) -> list[int]:
    """Viterbi over O/B/I (0/1/2) with O -> I forbidden and no I first."""
    o, b, i = rows[0][0], rows[0][1], -math.inf
    back: list[tuple[int, int]] = []  # per step: best previous state for O and B (same), for I
    for lo, lb, li in rows[1:]:
        prev_any = 0 if o >= b and o >= i else (1 if b >= i else 2)
        best_any = (o, b, i)[prev_any]
        prev_i = 1 if b >= i else 2
        best_i = b if b >= i else i
        back.append((prev_any, prev_i))
        o, b, i = best_any + lo, best_any + lb, best_i + li
    state = 0 if o >= b and o >= i else (1 if b >= i else 2)
    path = [state]
    for prev_any, prev_i in reversed(back):
        state = prev_i if state == 2 else prev_any
        path.append(state)
    path.reverse()
    return path


def decode(units: Sequence[Span2], logits: np.ndarray) -> RoleSpans:
    """Each role's spans from the head's logits [n, 3, 3] (log-softmax, then Viterbi)."""
    shifted = logits - logits.max(axis=-1, keepdims=True)
    logp = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return {role: spans_from_tags(units, viterbi_bio(logp[:, i])) for i, role in enumerate(ROLES)}


class AttributionHead:
    """The shipped head: `tag` gives source, cue and content spans for one parsed article."""

    def __init__(self, session: Any, projection: Any, vocab: Vocabularies, config: Mapping[str, Any]) -> None:
        self.session = session
        self.projection = projection  # onnxruntime session: hidden [B, L, D] -> projected [B, L, P]
        self.width = int(config["training"]["projection"])
        self.vocab = vocab
        self.config = dict(config)
        self.neutral_names = bool(config["training"].get("neutral_names", False))
        self.syntax = bool(config["training"].get("syntax", False))

    def tag(
        self,
        parsed: Any,
        raws: Sequence[RawAttribution],
        regions: Sequence[Span2],
        lexicon: frozenset[str],
        offsets: np.ndarray,
        vectors: np.ndarray,
        groups: Sequence[Span2] = (),
        text: str | None = None,
    ) -> RoleSpans:
        """Spans per role; `offsets`/`vectors` are the encoder pass's subword offsets and projected vectors,
        `groups` the group-name ranges it masked."""
        text = parsed.text if text is None else text
        units = word_units(text)
        if not units:
            return {role: [] for role in ROLES}
        vecs, has = unit_vectors(units, offsets, vectors)
        cats, flags = unit_features(parsed, units, raws, regions, lexicon, self.vocab, groups, text, self.syntax)
        if self.neutral_names:
            read_names_alike(vecs, has, cats, self.vocab)
        feeds = {
            "vectors": vecs[None],
            "categories": cats[None],
            "flags": np.concatenate([has[:, None], flags], axis=1)[None],
        }
        logits = self.session.run(["logits"], feeds)[0][0]
        return decode(units, np.asarray(logits, dtype=np.float64))

    def project(self, hidden: np.ndarray) -> np.ndarray:
        """The encoder's token vectors [B, L, D] through the head's first layer (no bias): [B, L, P]."""
        return np.asarray(self.projection.run(["projected"], {"hidden": np.asarray(hidden, dtype=np.float32)})[0])


def head_installed(directory: Path = MODEL_DIR) -> bool:
    return all((directory / name).is_file() for name in (HEAD_FILE, PROJECTION_FILE, CONFIG_FILE))


def load_head(directory: str | os.PathLike[str] = MODEL_DIR) -> AttributionHead:
    """The head in `directory` (default: the shipped one), loaded once per process."""
    return _load(str(Path(directory).resolve()))


@functools.lru_cache(maxsize=2)
def _load(directory: str) -> AttributionHead:
    import onnxruntime as ort

    root = Path(directory)
    missing = [name for name in (HEAD_FILE, PROJECTION_FILE, CONFIG_FILE) if not (root / name).is_file()]
    if missing:
        raise ModelError(
            f"the attribution head in {root} is missing {', '.join(missing)}; reinstall presslens "
            "(pip install --force-reinstall presslens) or train one: presslens train attribution --help"
        )
    config = json.loads((root / CONFIG_FILE).read_text(encoding="utf-8"))
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(str(root / HEAD_FILE), options, providers=["CPUExecutionProvider"])
    projection = ort.InferenceSession(str(root / PROJECTION_FILE), options, providers=["CPUExecutionProvider"])
    return AttributionHead(session, projection, Vocabularies.from_config(config), config)
