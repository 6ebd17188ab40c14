"""Train the quotes layer's attribution head (`presslens/models/attribution`) on PolNeAR.

What is learned: per word (the scorer's units), BIO tags for source, cue and
content, from the shared encoder's token vectors, a few parse features and
the rules' own tags (`presslens.quotes.learned`). The encoder is frozen (it is
the shipped techniques encoder, run once per article as in the pipeline), so
only a small bidirectional LSTM is trained: minutes per run on one CPU core,
which makes 5-fold cross-validation by article affordable on a laptop.

Steps: `extract` runs parse, entities and the encoder pass (unprojected
vectors) over the articles and computes the features with the same code the
pipeline runs; `cross_validate` trains one head per fold and scores the
out-of-fold tags against the rules' (exact-match F1 per role, as
`presslens eval polnear` prints); `fit` trains on every article; `export`
writes `projection.onnx` (the first layer's weights, applied in the encoder
pass), `head.onnx` (the rest) and `config.json`.

Determinism: one seed drives initialisation, article order and dropout; with
one torch thread a rerun reproduces the weights. Runs resume per fold: a
finished fold's scores and a finished fit are saved in the run folder.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..eval.attribution_scores import ROLES
from ..quotes.bio import bio_tags, spans_from_tags, tag_runs, word_units
from ..quotes.learned import (
    CONFIG_FILE,
    HEAD_FILE,
    PROJECTION_FILE,
    SYNTAX_FLAGS,
    Vocabularies,
    read_names_alike,
    unit_features,
    unit_vectors,
    viterbi_bio,
)

Log = Callable[[str], None]

# Category vocabularies of the shipped head (spaCy's English labels); index 0 is "anything else".
VOCABULARIES = Vocabularies(
    pos=tuple("ADJ ADP ADV AUX CCONJ DET INTJ NOUN NUM PART PRON PROPN PUNCT SCONJ SYM VERB X SPACE".split()),
    dep=tuple(
        """ROOT acl acomp advcl advmod agent amod appos attr aux auxpass case cc ccomp compound conj csubj csubjpass
        dative dep det dobj expl intj mark meta neg nmod npadvmod nsubj nsubjpass nummod oprd parataxis pcomp pobj
        poss preconj predet prep prt punct quantmod relcl xcomp""".split()
    ),
    ent=tuple(
        """PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE DATE TIME PERCENT MONEY QUANTITY
        ORDINAL CARDINAL""".split()
    ),
)
N_FLAGS = 11  # vector present + the 10 of `unit_features` (+ SYNTAX_FLAGS for heads trained with `syntax`)


@dataclass(frozen=True)
class HeadConfig:
    """Every knob of a training run; written next to the model."""

    epochs: int = 12
    lr: float = 2e-3
    weight_decay: float = 1e-4
    projection: int = 128
    hidden: int = 128
    layers: int = 1  # stacked BiLSTM layers
    neutral_names: bool = False  # proper-noun words read alike (`presslens.quotes.learned.read_names_alike`)
    syntax: bool = False  # the cue verbs' subtrees as flags (`presslens.quotes.learned.syntax_rows`)
    dropout: float = 0.2
    warmup_fraction: float = 0.1
    seed: int = 0
    folds: int = 5


@dataclass
class Example:
    """One article as the head sees it: per-unit encoder vectors, categories, flags, and gold tags [n, 3]."""

    name: str
    vectors: np.ndarray  # [n, D] float16 (unprojected)
    categories: np.ndarray  # [n, 4] int64
    flags: np.ndarray  # [n, N_FLAGS] float32 (the syntax flags last, where added)
    gold: np.ndarray  # [n, 3] int64, O/B/I per role

    def rules(self) -> np.ndarray:
        """The rules' own tags [n, 3], read back from the flags (B and I per role)."""
        out = np.zeros((len(self.gold), 3), dtype=np.int64)
        for i in range(3):
            out[self.flags[:, 5 + 2 * i] > 0, i] = 1
            out[self.flags[:, 6 + 2 * i] > 0, i] = 2
        return out


def extract(texts: Sequence[Any], *, log: Log | None = None) -> list[Example]:
    """Features and gold tags of PolNeAR texts (`presslens.eval.polnear.PolnearText`).

    Runs the pipeline's own parse, entities and encoder pass (with no projection, so the
    head's first layer can be learned) and the rules, exactly as the quotes stage does.
    """
    from ..document import Document
    from ..pipeline import load_pipeline
    from ..quotes.attribution_rules import RuleExtractor
    from ..quotes.cues import load_lexicon, load_non_speech, load_noun_cues
    from ..quotes.quotemarks import quoted_regions
    pipe = load_pipeline(
        ["parse.v1", "entities.v1", "encoder.v1"],
        config={"encoder.v1": {"projection": _identity}},
    )
    lexicon, nouns, non_speech = load_lexicon(), load_noun_cues(), load_non_speech()
    extractor = RuleExtractor(lexicon, nouns, non_speech)
    out: list[Example] = []
    start = time.time()
    docs = pipe.pipe((Document(id=t.name, text=t.text) for t in texts), batch_size=8)
    for k, (text, doc) in enumerate(zip(texts, docs)):
        if isinstance(doc, Exception):
            raise doc
        parsed, state = doc.parsed, doc.encoder_pass
        units = word_units(text.text)
        regions = quoted_regions(text.text)
        raws = extractor.extract(parsed, regions)
        vectors, has = unit_vectors(units, state.enc.offsets, state.vectors)
        cats, flags = unit_features(
            parsed, units, raws, [(r.start, r.end) for r in regions], lexicon, VOCABULARIES, list(state.masks)
        )
        gold = np.stack(
            [bio_tags(units, [f for a in text.attributions for f in getattr(a, role)]) for role in ROLES], axis=1
        ) if units else np.zeros((0, 3), dtype=np.int64)
        out.append(Example(text.name, vectors.astype(np.float16), cats, np.concatenate([has[:, None], flags], 1), gold))
        if log and (k + 1) % 50 == 0:
            log(f"features: {k + 1}/{len(texts)} articles, {time.time() - start:.0f} s")
    return out


def names_alike(ex: Example) -> Example:
    """`ex` with every proper-noun word read alike, as a head trained with `neutral_names` reads it."""
    vectors, cats, flags = ex.vectors.copy(), ex.categories.copy(), ex.flags.copy()
    read_names_alike(vectors, flags[:, 0], cats, VOCABULARIES)  # flags[:, 0] ("has a vector") is a view
    return Example(ex.name, vectors, cats, flags, ex.gold)


def with_syntax(texts: Sequence[Any], examples: Sequence[Example], *, log: Log | None = None) -> list[Example]:
    """`examples` (features of `texts`, in order) with the syntax flags appended, from the pipeline's own
    parse (the same parse `extract` read), so cached features need no second encoder pass."""
    from ..document import Document
    from ..pipeline import load_pipeline
    from ..quotes.cues import load_lexicon

    lexicon = load_lexicon()
    pipe = load_pipeline(["parse.v1"])
    out = []
    docs = pipe.pipe((Document(id=t.name, text=t.text) for t in texts), batch_size=8)
    for k, (text, ex, doc) in enumerate(zip(texts, examples, docs)):
        if isinstance(doc, Exception):
            raise doc
        if ex.flags.shape[1] != N_FLAGS:
            raise ValueError(f"{ex.name}: features already have {ex.flags.shape[1]} flags")
        out.append(Example(ex.name, ex.vectors, ex.categories, np.concatenate([ex.flags, _unit_syntax(doc.parsed, text.text, lexicon)], 1), ex.gold))
        if log and (k + 1) % 100 == 0:
            log(f"syntax flags: {k + 1}/{len(texts)} articles")
    return out


def _unit_syntax(parsed: Any, text: str, lexicon: frozenset[str]) -> np.ndarray:
    """`syntax_rows` per scorer word, read as `unit_features(..., syntax=True)` reads them."""
    _, flags = unit_features(parsed, word_units(text), [], [], lexicon, VOCABULARIES, (), text, syntax=True)
    return flags[:, 10:]


def _identity(hidden: np.ndarray) -> np.ndarray:
    """The encoder's vectors as they are (training learns the projection)."""
    return hidden


def _net(config: HeadConfig, width: int) -> Any:
    n_flags = N_FLAGS + (SYNTAX_FLAGS if config.syntax else 0)
    import torch
    from torch import nn

    class HeadNet(nn.Module):
        """Projection + ReLU of the encoder vectors, embeddings of the categories, flags; BiLSTM; 3x3 logits."""

        def __init__(self) -> None:
            super().__init__()
            self.proj = nn.Linear(width, config.projection)
            self.e_pos = nn.Embedding(len(VOCABULARIES.pos) + 1, 8)
            self.e_dep = nn.Embedding(len(VOCABULARIES.dep) + 1, 16)
            self.e_ent = nn.Embedding(len(VOCABULARIES.ent) + 1, 8)
            self.e_head = nn.Embedding(9, 8)
            self.drop = nn.Dropout(config.dropout)
            self.lstm = nn.LSTM(
                config.projection + 40 + n_flags, config.hidden, num_layers=config.layers, batch_first=True,
                bidirectional=True, dropout=config.dropout if config.layers > 1 else 0.0,
            )
            self.out = nn.Linear(2 * config.hidden, 9)

        def body(self, projected: Any, cats: Any, flags: Any) -> Any:
            """Everything after the projection's matrix product (what `head.onnx` holds)."""
            parts = [
                torch.relu(projected + self.proj.bias), self.e_pos(cats[..., 0]), self.e_dep(cats[..., 1]),
                self.e_ent(cats[..., 2]), self.e_head(cats[..., 3]), flags,
            ]
            h, _ = self.lstm(self.drop(torch.cat(parts, -1)))
            return self.out(self.drop(h)).view(*h.shape[:-1], 3, 3)

        def forward(self, vectors: Any, cats: Any, flags: Any) -> Any:
            return self.body(vectors @ self.proj.weight.T, cats, flags)

    return HeadNet()


def _tensors(ex: Example) -> tuple[Any, Any, Any, Any]:
    import torch

    return (
        torch.from_numpy(ex.vectors.astype(np.float32))[None], torch.from_numpy(ex.categories)[None],
        torch.from_numpy(ex.flags)[None], torch.from_numpy(ex.gold),
    )


def fit(examples: Sequence[Example], config: HeadConfig, *, log: Log | None = None) -> Any:
    """Train a head on `examples` (one article per step, AdamW, one-cycle schedule)."""
    import torch
    from torch import nn

    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    usable = [ex for ex in examples if len(ex.gold)]
    width = usable[0].vectors.shape[1]
    net = _net(config, width)
    opt = torch.optim.AdamW(net.parameters(), lr=config.lr, weight_decay=config.weight_decay)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=config.lr, total_steps=max(1, config.epochs * len(usable)), pct_start=config.warmup_fraction
    )
    loss_fn = nn.CrossEntropyLoss()
    data = [_tensors(ex) for ex in usable]
    for epoch in range(config.epochs):
        net.train()
        order = list(range(len(data)))
        rng.shuffle(order)
        total, start = 0.0, time.time()
        for i in order:
            vectors, cats, flags, gold = data[i]
            loss = loss_fn(net(vectors, cats, flags)[0].reshape(-1, 3), gold.reshape(-1))
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            total += float(loss.item())
        if log:
            log(f"epoch {epoch + 1}/{config.epochs}: loss {total / max(1, len(data)):.4f}, {time.time() - start:.0f} s")
    net.eval()
    return net


def load_fitted(path: Path, examples: Sequence[Example], config: HeadConfig) -> Any:
    """A head saved by a finished `fit` (its state dict), for the same features and config."""
    import torch

    width = next(ex.vectors.shape[1] for ex in examples if len(ex.gold))
    net = _net(config, width)
    net.load_state_dict(torch.load(path, map_location="cpu"))
    net.eval()
    return net


def predict(net: Any, examples: Iterable[Example]) -> list[np.ndarray]:
    """Decoded O/B/I tags [n, 3] per example (Viterbi per role, as the pipeline decodes)."""
    import torch


    out = []
    with torch.no_grad():
        for ex in examples:
            if not len(ex.gold):
                out.append(np.zeros((0, 3), dtype=np.int64))
                continue
            vectors, cats, flags, _ = _tensors(ex)
            logp = torch.log_softmax(net(vectors, cats, flags)[0], -1).numpy().astype(np.float64)
            out.append(np.stack([np.asarray(viterbi_bio(logp[:, i])) for i in range(3)], axis=1))
    return out


def exact_f1(predicted: Sequence[np.ndarray], gold: Sequence[np.ndarray]) -> dict[str, float]:
    """Exact-match span F1 per role over unit tags (the scorer's definition), in percent."""
    out = {}
    for i, role in enumerate(ROLES):
        matched = n_pred = n_gold = 0
        for p, g in zip(predicted, gold):
            ps, gs = set(tag_runs(p[:, i])) if len(p) else set(), set(tag_runs(g[:, i])) if len(g) else set()
            matched, n_pred, n_gold = matched + len(ps & gs), n_pred + len(ps), n_gold + len(gs)
        precision = matched / n_pred if n_pred else 0.0
        recall = matched / n_gold if n_gold else 0.0
        out[role] = round(100 * (2 * precision * recall / (precision + recall) if precision + recall else 0.0), 2)
    return out


def cross_validate(
    examples: Sequence[Example], config: HeadConfig, run_dir: Path, *, log: Log | None = None,
    only: Sequence[int] | None = None,
) -> list[dict[str, Any]]:
    """Per fold (articles i with i % folds == fold held out): rules' and head's exact F1 on the held-out part.

    A finished fold is read back from `run_dir/fold<k>.json`, so an interrupted run resumes, and
    processes given different `only` folds can share the work (one core each).
    """
    run_dir.mkdir(parents=True, exist_ok=True)
    results = []
    for fold in range(config.folds) if only is None else only:
        path = run_dir / f"fold{fold}.json"
        if path.is_file():
            results.append(json.loads(path.read_text(encoding="utf-8")))
            continue
        held = [ex for i, ex in enumerate(examples) if i % config.folds == fold]
        train = [ex for i, ex in enumerate(examples) if i % config.folds != fold]
        net = fit(train, config, log=log)
        tags = predict(net, held)
        gold = [ex.gold for ex in held]
        result = {
            "fold": fold, "articles": len(held),
            "rules": exact_f1([ex.rules() for ex in held], gold), "head": exact_f1(tags, gold),
            "tags": {ex.name: t.tolist() for ex, t in zip(held, tags)},
        }
        path.write_text(json.dumps(result), encoding="utf-8")
        if log:
            log(f"fold {fold}: rules {result['rules']} head {result['head']}")
        results.append(result)
    return results


def summarise(results: Sequence[dict[str, Any]]) -> dict[str, dict[str, tuple[float, float]]]:
    """Mean and standard deviation over folds of each system's F1 per role."""
    out: dict[str, dict[str, tuple[float, float]]] = {}
    for system in ("rules", "head"):
        out[system] = {}
        for role in ROLES:
            values = np.asarray([r[system][role] for r in results], dtype=np.float64)
            out[system][role] = (round(float(values.mean()), 2), round(float(values.std(ddof=1) if len(values) > 1 else 0.0), 2))
    return out


def export(net: Any, out_dir: Path, config: HeadConfig, *, extra: dict[str, Any] | None = None) -> None:
    """Write `projection.onnx`, `head.onnx` (opset 17, dynamic batch and length) and `config.json`."""
    import torch

    out_dir.mkdir(parents=True, exist_ok=True)
    net.eval()

    class Body(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = net

        def forward(self, vectors: Any, cats: Any, flags: Any) -> Any:
            return self.net.body(vectors, cats, flags)

    class Projection(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = net

        def forward(self, hidden: Any) -> Any:
            return hidden @ self.net.proj.weight.T

    axes3 = {0: "batch", 1: "tokens"}
    torch.onnx.export(
        Projection(), (torch.zeros(1, 3, net.proj.weight.shape[1]),), str(out_dir / PROJECTION_FILE),
        input_names=["hidden"], output_names=["projected"], dynamic_axes={"hidden": axes3, "projected": axes3},
        opset_version=17, dynamo=False,
    )
    n = 7
    n_flags = N_FLAGS + (SYNTAX_FLAGS if config.syntax else 0)
    example = (torch.zeros(1, n, config.projection), torch.zeros(1, n, 4, dtype=torch.long), torch.zeros(1, n, n_flags))
    axes = {0: "batch", 1: "units"}
    torch.onnx.export(
        Body(), example, str(out_dir / HEAD_FILE), input_names=["vectors", "categories", "flags"],
        output_names=["logits"], dynamic_axes={"vectors": axes, "categories": axes, "flags": axes, "logits": axes},
        opset_version=17, dynamo=False,
    )
    payload = {**VOCABULARIES.as_config(), "training": asdict(config), **(extra or {})}
    (out_dir / CONFIG_FILE).write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")


# The merge settings cross-validation chooses from (`presslens.quotes.merge.MergeSettings`); a first
# screen on two folds left out keep="all" and add=False (both lower on every role).
MERGE_VARIANTS: dict[str, dict[str, Any]] = {
    f"keep={keep},replace_sources={replace}": {"keep": keep, "add": True, "fill": True, "replace_sources": replace}
    for keep in ("none", "direct") for replace in (False, True)
}


def score_merges(
    texts: Sequence[Any], results: Sequence[dict[str, Any]], *, log: Log | None = None
) -> dict[str, dict[str, list[float]]]:
    """Per merge setting (and the rules alone): per-fold scores of the quotes layer built from the
    out-of-fold head tags of `cross_validate` (exact F1 per role, overlap content F1, source
    accuracy, wrong-speaker rate), so the setting that ships is chosen by cross-validation too."""
    from ..document import Document
    from ..eval.attribution_scores import AttributionScores
    from ..eval.polnear import quotes_to_predictions
    from ..pipeline import load_pipeline
    from ..quotes.attribution import build_quotes
    from ..quotes.cues import load_lexicon, load_non_speech, load_noun_cues
    from ..quotes.merge import MergeSettings

    tags = {name: (r["fold"], np.asarray(t, dtype=np.int64)) for r in results for name, t in r["tags"].items()}
    chosen = [t for t in texts if t.name in tags]
    lexicon, nouns, non_speech = load_lexicon(), load_noun_cues(), load_non_speech()
    variants: dict[str, MergeSettings | None] = {"rules": None}
    variants.update({name: MergeSettings(**kw) for name, kw in MERGE_VARIANTS.items()})
    folds = sorted({r["fold"] for r in results})
    scores = {v: {f: AttributionScores() for f in folds} for v in variants}
    pipe = load_pipeline(["parse.v1", "entities.v1"])
    for k, (text, doc) in enumerate(zip(chosen, pipe.pipe((Document(id=t.name, text=t.text) for t in chosen), batch_size=8))):
        if isinstance(doc, Exception):
            raise doc
        fold, unit_tags = tags[text.name]
        units = word_units(text.text)
        tagged = {role: spans_from_tags(units, unit_tags[:, i].tolist()) for i, role in enumerate(ROLES)}
        for name, settings in variants.items():
            quotes = build_quotes(
                doc.parsed, doc.entities, lexicon=lexicon, nouns=nouns, non_speech=non_speech,
                tag=_fixed(tagged) if settings is not None else None, merge=settings,
            )
            scores[name][fold].add(text.text, text.attributions, quotes_to_predictions(quotes))
        if log and (k + 1) % 100 == 0:
            log(f"merge settings: {k + 1}/{len(chosen)} articles")
    return {
        name: {
            "source": [100 * s.exact["source"].f1 for s in per.values()],
            "cue": [100 * s.exact["cue"].f1 for s in per.values()],
            "content": [100 * s.exact["content"].f1 for s in per.values()],
            "overlap_f1": [s.overall.f1 for s in per.values()],
            "source_accuracy": [s.overall.source_accuracy for s in per.values()],
            "wrong_speaker": [s.speakers.rate for s in per.values()],
        }
        for name, per in scores.items()
    }


def _fixed(tagged: Any) -> Any:
    """A `tag` function that gives these spans whatever the rules found (out-of-fold tags)."""
    return lambda raws, regions: tagged


def best_merge(merges: dict[str, dict[str, list[float]]]) -> str:
    """The merge setting with the highest mean of the three exact F1s over folds."""
    candidates = [name for name in merges if name in MERGE_VARIANTS]
    return max(candidates, key=lambda n: sum(float(np.mean(merges[n][role])) for role in ROLES))


def run_training(
    texts: Sequence[Any], config: HeadConfig, *, run: Path, output: Path, cross_validate_folds: bool = True,
    source: str = "", log: Log | None = None, only_folds: Sequence[int] | None = None,
) -> dict[str, Any]:
    """The whole recipe of `presslens train attribution`, resumable from `run`: features (cached in
    `features.pkl`), cross-validation and the merge setting it chooses, the final fit (`final.pt`), the
    export to `output`; returns what is written to `summary.json` (and into config.json).

    With `only_folds`, only those cross-validation folds are trained and nothing else is done (the
    summary is empty): several processes can share the folds, then a run without it finishes.
    """
    import pickle

    import torch

    def say(message: str) -> None:
        if log:
            log(message)

    run.mkdir(parents=True, exist_ok=True)
    cache = run / "features.pkl"
    if cache.is_file():
        examples = pickle.loads(cache.read_bytes())
    else:
        examples = extract(texts, log=log)
        cache.write_bytes(pickle.dumps(examples))
    if config.syntax:
        syntax_cache = run / "syntax.pkl"
        if syntax_cache.is_file():
            examples = pickle.loads(syntax_cache.read_bytes())
        else:
            examples = with_syntax(texts, examples, log=log)
            syntax_cache.write_bytes(pickle.dumps(examples))
    if config.neutral_names:
        examples = [names_alike(ex) for ex in examples]
    extra: dict[str, Any] = {"data": {"directory": source, "articles": len(texts)}}
    merge = MERGE_VARIANTS["keep=none,replace_sources=True"]
    if only_folds is not None:
        cross_validate(examples, config, run / "folds", log=log, only=only_folds)
        return {}
    if cross_validate_folds:
        results = cross_validate(examples, config, run / "folds", log=log)
        summary = summarise(results)
        merges = score_merges(texts, results, log=log)
        chosen = best_merge(merges)
        merge = MERGE_VARIANTS[chosen]
        extra["cv"] = {"folds": config.folds, "exact_f1": summary, "merges": merges, "chosen": chosen}
        for system, roles in summary.items():
            say(f"CV {system}: " + "  ".join(f"{r} {m:.2f} ± {sd:.2f}" for r, (m, sd) in roles.items()))
        for name, scores in merges.items():
            say(f"CV quotes layer, {name}: " + "  ".join(f"{k} {sum(v) / len(v):.4g}" for k, v in scores.items()))
        say(f"merge setting chosen by CV: {chosen}")
    extra["merge"] = merge
    final = run / "final.pt"
    if final.is_file():  # a finished fit is read back (rerun to re-score merges or re-export)
        net = load_fitted(final, examples, config)
    else:
        net = fit(examples, config, log=log)
        torch.save(net.state_dict(), final)
    export(net, output, config, extra=extra)
    (run / "summary.json").write_text(json.dumps(extra, indent=1), encoding="utf-8")
    return extra
