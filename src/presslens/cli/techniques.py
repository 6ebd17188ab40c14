"""Commands of the techniques layer: `train techniques`, `eval ptc`, `semeval si` and `semeval tc`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ._apps import eval_app, semeval_app, train_app
from ._output import check_output, counted_progress

if TYPE_CHECKING:
    from ..eval.ptc_predict import CorpusScores
    from ..techniques.predict import TechniqueTagger


@train_app.command("techniques")
def train_techniques(
    data: Annotated[Path, typer.Option("--data", help="PTC train folder holding articles/ and labels-tc.tsv.")],
    out: Annotated[Path, typer.Option("--out", help="Run folder: checkpoints, per-epoch weights, summary.json.")],
    seed: Annotated[int, typer.Option("--seed", help="Seed for data order, window shifts, init and dropout.")] = 13,
    epochs: Annotated[int, typer.Option("--epochs")] = 5,
    batch_size: Annotated[int, typer.Option("--batch-size")] = 8,
    lr: Annotated[float, typer.Option("--lr", help="Encoder learning rate (heads use --head-lr).")] = 1e-4,
    head_lr: Annotated[float, typer.Option("--head-lr")] = 5e-4,
    train_part: Annotated[
        str,
        typer.Option(
            "--train-part",
            help="Articles to train on: train (held-out numbers), train+dev or all.",
        ),
    ] = "train",
    dev_part: Annotated[
        str,
        typer.Option(
            "--dev-part",
            help="Articles that choose the threshold; '' for none.",
        ),
    ] = "dev",
    threads: Annotated[int, typer.Option("--threads", help="torch CPU threads.")] = 2,
    max_minutes: Annotated[
        float,
        typer.Option(
            "--max-minutes",
            help="Stop (with a checkpoint) after this long.",
        ),
    ] = 85.0,
    checkpoint_every: Annotated[int, typer.Option("--checkpoint-every", help="Steps between checkpoints.")] = 50,
    sample: Annotated[float, typer.Option("--sample", help="Share of each epoch's windows to use (seeded).")] = 1.0,
    eval_every_epoch: Annotated[bool, typer.Option("--eval-every-epoch", help="Dev check after every epoch.")] = False,
    mask_groups: Annotated[
        bool,
        typer.Option(
            "--mask-groups/--no-mask-groups",
            help="Train on text with group names read as [MASK], as shipped.",
        ),
    ] = True,
    channels: Annotated[
        int, typer.Option("--channels", help="Span channels: 15 (one per technique + any, spans nest) or 1 (any).")
    ] = 15,
    pos_weight: Annotated[float, typer.Option("--pos-weight", help="Weight of in-span tokens in the span loss (5: the shipped recipe, chosen on DEV).")] = 5.0,
    device: Annotated[str, typer.Option("--device", help="torch device: cpu (the 2-core recipe) or cuda.")] = "cpu",
    tiny: Annotated[bool, typer.Option("--tiny", help="Small random encoder instead of MiniLM (smoke tests).")] = False,
    limit_articles: Annotated[
        int,
        typer.Option(
            "--limit-articles",
            help="Use only the first N articles of each part.",
        ),
    ] = 0,
) -> None:
    """Train the span tagger and technique head (CPU); rerun the same command to resume.

    Example: presslens train techniques --data ../shared/data/ptc/train --out runs/techniques --seed 13
    """
    from ..train.techniques import TrainConfig, train

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    cfg = TrainConfig(
        data=data, out=out, seed=seed, epochs=epochs, batch_size=batch_size, lr=lr, head_lr=head_lr,
        train_part=train_part, dev_part=dev_part, threads=threads, max_minutes=max_minutes,
        checkpoint_every=checkpoint_every, sample=sample,
        eval_every_epoch=eval_every_epoch, mask_groups=mask_groups, tiny=tiny, limit_articles=limit_articles or None,
        channels=channels, pos_weight=pos_weight, device=device,
    )
    summary = train(cfg)
    typer.echo(f"finished={summary['finished']} threshold={summary.get('threshold')} out={out}")


@train_app.command("techniques-export")
def export_techniques(
    run: Annotated[Path, typer.Option("--run", help="Run folder written by `presslens train techniques`.")],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Model folder to write (the shipped one is src/presslens/models/techniques).",
        ),
    ],
    data: Annotated[Path | None, typer.Option("--data", help="PTC train folder, if it moved since training.")] = None,
    weights: Annotated[
        str | None,
        typer.Option(
            "--weights",
            help="model-epoch*.pt or checkpoint.pt; default: the last epoch.",
        ),
    ] = None,
    settings_from: Annotated[
        Path | None,
        typer.Option("--settings-from", help="Model folder exported from the train-only run: copy its DEV-chosen settings."),
    ] = None,
) -> None:
    """Export a run to int8 ONNX, choose the thresholds and calibrate scores on dev articles.

    A release run (trained on train+dev) takes every setting from the export of the same recipe
    trained on train only: --settings-from that folder.

    Example: presslens train techniques-export --run runs/techniques --out src/presslens/models/techniques
    """
    import json

    from ..train.techniques_export import export_run

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s")
    logging.getLogger("presslens").setLevel(logging.INFO)
    typer.echo(json.dumps(export_run(run, out, data=data, weights=weights, settings_from=settings_from), indent=2))


def _tagger(model: Path | None, threshold: float | None) -> TechniqueTagger:
    """The model's tagger; another threshold makes a new tagger (the loaded one is cached and shared)."""
    from ..techniques.shipped import MODEL_DIR, load_shipped

    tagger = load_shipped(str(model or MODEL_DIR)).tagger
    return tagger if threshold is None else tagger.with_settings(threshold=threshold)


def _masks(articles: dict[str, str], mask_groups: bool) -> dict[str, list[tuple[int, int]]] | None:
    """Group-name ranges from spaCy, as the pipeline masks them (see presslens.techniques.group_masks)."""
    if not mask_groups:
        return None
    from ..techniques.group_masks import spacy_group_ranges

    return dict(zip(articles, spacy_group_ranges(articles.values())))


def _epithets(articles: dict[str, str]) -> dict[str, list[tuple[int, int]]]:
    """The actors layer's labels of each article (presslens.techniques.epithets), from the pipeline's own stages."""
    from ..document import Document
    from ..pipeline import load_pipeline
    from ..techniques.epithets import epithet_ranges

    pipeline = load_pipeline(["parse.v1", "entities.v1", "encoder.v1", "quotes.v1", "actors.v1"])
    docs = (Document(id=aid, text=text) for aid, text in articles.items())
    return {doc.id: epithet_ranges(doc) for doc in pipeline.pipe(docs) if isinstance(doc, Document)}


MASK_HELP = "Read group names (NORP/GPE/ORG/LOC entities) as one neutral token, as the pipeline does."


def _articles(directory: Path, split: str) -> dict[str, str]:
    from ..errors import ConfigError
    from ..eval.ptc_split import PARTS, split_ids
    from ..eval.semeval_io import read_articles

    if split not in PARTS:
        raise ConfigError(f"--split {split!r} is not one of {', '.join(PARTS)}")
    articles = read_articles(directory)
    return {aid: articles[aid] for aid in split_ids(articles, split)}


@eval_app.command("ptc")
def eval_ptc(
    articles: Annotated[Path, typer.Option("--articles", help="Folder of article<ID>.txt files.")],
    labels: Annotated[Path, typer.Option("--labels", help="labels-tc.tsv (ID, technique, start, end).")],
    split: Annotated[
        str,
        typer.Option(
            "--split",
            help="Articles to score: all, heldout, dev, train (rule in presslens.eval.ptc_split).",
        ),
    ] = "all",
    model: Annotated[Path | None, typer.Option("--model", help="Model folder; default: the shipped model.")] = None,
    threshold: Annotated[float | None, typer.Option("--threshold", help="Override the model's span threshold.")] = None,
    mask_groups: Annotated[bool, typer.Option("--mask-groups/--no-mask-groups", help=MASK_HELP)] = True,
    epithets: Annotated[
        bool,
        typer.Option(
            "--epithets/--no-epithets",
            help="Score the actors layer's labels as Name_Calling spans, as the pipeline does (runs the parse, "
            "entities, quotes and actors stages).",
        ),
    ] = True,
    write_display: Annotated[
        Path | None,
        typer.Option(
            "--write-display",
            help="Write the cross-validated display thresholds, lanes and measured precision into this model "
            "config.json (the shipped one: src/presslens/models/techniques/config.json, with --split heldout).",
        ),
    ] = None,
) -> None:
    """SI F1 (partial overlap), TC micro-F1 on gold spans and span+technique F1 per technique, then what readers
    see: per technique the display threshold chosen and measured by 5-fold cross-validation by article,
    precision and recall at it, span lengths and the candidates lane.

    Example: presslens eval ptc --articles ../shared/data/ptc/train/articles --labels ../shared/data/ptc/train/labels-tc.tsv --split heldout
    """
    from ..eval.ptc_predict import evaluate_corpus
    from ..eval.semeval_io import read_tc_labels

    docs = _articles(articles, split)
    gold = read_tc_labels(labels)
    tagger = _tagger(model, threshold)
    scores = evaluate_corpus(
        tagger, docs, gold, masks=_masks(docs, mask_groups), epithets=_epithets(docs) if epithets else None
    )
    si = scores.si
    typer.echo(f"articles: {scores.n_articles} (split {split}; group names masked: {mask_groups}; epithets: {epithets})")
    typer.echo(f"SI  precision {si.precision:.4f} recall {si.recall:.4f} F1 {si.f1:.4f} "
               f"(predicted {si.n_pred}, gold {si.n_gold} merged spans)")
    typer.echo(f"TC  micro-F1 {scores.tc_micro_f1:.4f} on {sum(g for _, g in scores.tc_per_technique.values())} gold spans")
    typer.echo(f"{'technique':38} {'span+tech P':>11} {'R':>6} {'F1':>6} {'pred':>5} {'gold':>5} {'TC acc':>7}")
    for label, prf in scores.per_technique.items():
        correct, n_gold = scores.tc_per_technique[label]
        acc = correct / n_gold if n_gold else 0.0
        typer.echo(f"{label:38} {prf.precision:11.4f} {prf.recall:6.4f} {prf.f1:6.4f} {prf.n_pred:5d} {prf.n_gold:5d} {acc:7.4f}")
    if scores.display:
        _print_display(scores, write_display)


def _median(values: list[int]) -> str:
    import statistics

    return f"{statistics.median(values):.0f}" if values else "-"


def _long_share(lengths: list[int], over: int = 100) -> float:
    return sum(n > over for n in lengths) / len(lengths) if lengths else 0.0


def _print_display(scores: CorpusScores, write_display: Path | None = None) -> None:
    """Span lengths and precision/recall at the display threshold per technique, then the reliability table."""
    from ..eval.ptc import reliability
    from ..eval.ptc_predict import DisplayStats

    display = scores.display
    total = DisplayStats(
        pred_lengths=[n for st in display.values() for n in st.pred_lengths],
        shown_lengths=[n for st in display.values() for n in st.shown_lengths],
        gold_lengths=[n for st in display.values() for n in st.gold_lengths],
        shown_right=sum(st.shown_right for st in display.values()),
        gold_found=sum(st.gold_found for st in display.values()),
        candidate_lengths=[n for st in display.values() for n in st.candidate_lengths],
        candidate_right=sum(st.candidate_right for st in display.values()),
    )
    typer.echo("")
    typer.echo(
        "At the model's display thresholds (a span is right when it overlaps a gold span of its technique; "
        "where they were chosen on these articles, read the cross-validated table below instead):"
    )
    typer.echo(
        f"{'technique':38} {'median chars: pred':>18} {'shown':>6} {'gold':>5} {'shown':>6} {'P':>6} {'R':>6} "
        f"{'cand.':>6} {'cand P':>6}"
    )
    for label, st in [*display.items(), ("all techniques", total)]:
        typer.echo(
            f"{label:38} {_median(st.pred_lengths):>18} {_median(st.shown_lengths):>6} {_median(st.gold_lengths):>5} "
            f"{len(st.shown_lengths):6d} {st.precision:6.4f} {st.recall:6.4f} {len(st.candidate_lengths):6d} "
            f"{st.candidate_precision:6.4f}"
        )
    typer.echo(
        f"spans over 100 characters: predicted {_long_share(total.pred_lengths):.1%}, "
        f"gold {_long_share(total.gold_lengths):.1%}"
    )
    _print_cross_validated(scores, write_display)
    typer.echo("")
    typer.echo("Reliability of the calibrated scores (every predicted span):")
    typer.echo(f"{'score':>9} {'spans':>6} {'mean score':>11} {'right':>6}")
    scored = scores.scored
    for name, n, mean, share in reliability([x for x, _ in scored], [h for _, h in scored]):
        typer.echo(f"{name:>9} {n:6d} {mean:11.3f} {share:6.3f}")


def _print_cross_validated(scores: CorpusScores, write_display: Path | None) -> None:
    """Per technique: the display threshold chosen on 4 folds and measured on the 5th (folds by article)."""
    import json

    from ..document import TECHNIQUE_LABELS
    from ..eval.display_cv import CANDIDATE_PRECISION, Counts, write_display_config
    from ..eval.ptc_predict import cross_validated_display

    choice = cross_validated_display(scores)
    typer.echo("")
    typer.echo(
        "Display thresholds by 5-fold cross-validation by article: each fold's threshold maximises F1 on the other "
        "four folds and is measured on it (honest only on articles the model never saw: --split heldout for the "
        f"shipped model); thr = the median of the five. Under CV precision {CANDIDATE_PRECISION} a technique's "
        "spans go to the candidates lane."
    )
    typer.echo(
        f"{'technique':38} {'thr':>6} {'CV P':>6} {'sd':>5} {'CV R':>6} {'sd':>5} {'spans':>5} {'lane':>9} "
        f"{'median chars shown':>18} {'gold':>5}"
    )
    main, cand = Counts(0, 0, 0, 0), Counts(0, 0, 0, 0)
    for label, cv in choice.techniques.items():
        st, p = scores.display[label], cv.pooled
        if cv.candidate:
            cand = cand + p
        else:
            main = main + p
        typer.echo(
            f"{label:38} {cv.threshold:6.3f} {p.precision:6.3f} {cv.spread('precision'):5.2f} {p.recall:6.3f} "
            f"{cv.spread('recall'):5.2f} {p.shown:5d} {'candidate' if cv.candidate else 'shown':>9} "
            f"{_median(st.shown_lengths + st.candidate_lengths):>18} {_median(st.gold_lengths):>5}"
        )
    n_gold = max(choice.n_gold, 1)
    typer.echo(
        f"shown lane (CV): {main.shown} spans, precision {main.precision:.3f}, recall {main.found / n_gold:.3f} of "
        f"{choice.n_gold} gold spans; candidates lane (CV): {cand.shown} spans, precision {cand.precision:.3f}, "
        f"recall {cand.found / n_gold:.3f}"
    )
    ep = choice.epithets
    if ep is not None and scores.epithets is not None:
        typer.echo(
            f"epithets (actors labels no Name_Calling span covers): {len(scores.epithets.scored)}, "
            f"{sum(x.right for x in scores.epithets.scored)} right; candidate floor {ep.threshold:.3f} "
            f"(folds {', '.join(f'{t:.3f}' for t in ep.thresholds)}), CV precision {ep.pooled.precision:.3f} "
            f"({ep.pooled.shown} spans)"
        )
    if write_display is not None:
        config = json.loads(write_display.read_text(encoding="utf-8"))
        note = (
            "per technique, the display threshold maximising F1 on 4 folds (by article) of the evaluated articles, "
            "measured on the 5th; shipped: the median of the 5 choices (presslens eval ptc --write-display)"
        )
        config = write_display_config(config, TECHNIQUE_LABELS, choice.techniques, ep, note=note)
        write_display.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
        typer.echo(f"wrote the display thresholds to {write_display}")


@semeval_app.command("si")
def semeval_si(
    articles_dir: Annotated[Path, typer.Argument(help="Folder of article<ID>.txt files.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Prediction file: rows ID<TAB>start<TAB>end.")],
    model: Annotated[Path | None, typer.Option("--model", help="Model folder; default: the shipped model.")] = None,
    mask_groups: Annotated[bool, typer.Option("--mask-groups/--no-mask-groups", help=MASK_HELP)] = True,
) -> None:
    """Write span-identification predictions in the SemEval-2020 Task 11 SI format.

    Example: presslens semeval si ../shared/data/ptc/train/articles -o si-pred.tsv
    """
    from ..eval.ptc_predict import predict_si
    from ..eval.semeval_io import read_articles, write_si

    docs = read_articles(articles_dir)
    masks = _masks(docs, mask_groups)
    with counted_progress("articles") as progress:
        rows = predict_si(_tagger(model, None), docs, progress=progress, masks=masks)
    write_si(output, rows)
    typer.echo(f"wrote {len(rows)} spans to {output}")


@semeval_app.command("tc")
def semeval_tc(
    articles_dir: Annotated[Path, typer.Argument(help="Folder of article<ID>.txt files.")],
    template: Annotated[Path, typer.Argument(help="TC template: rows ID<TAB>technique-or-?<TAB>start<TAB>end.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The template rows with predicted techniques.")],
    model: Annotated[Path | None, typer.Option("--model", help="Model folder; default: the shipped model.")] = None,
    mask_groups: Annotated[bool, typer.Option("--mask-groups/--no-mask-groups", help=MASK_HELP)] = True,
) -> None:
    """Label every span of a SemEval-2020 Task 11 TC template with a technique.

    Example: presslens semeval tc ../shared/data/ptc/train/articles template.tsv -o tc-pred.tsv
    """
    from ..eval.ptc_predict import predict_tc
    from ..eval.semeval_io import read_articles, read_tc_labels, write_tc

    check_output(output, [str(template)])  # -o template.tsv would replace the template it reads
    rows = read_tc_labels(template)
    ids = {r.article_id for r in rows}
    docs = read_articles(articles_dir, ids)
    masks = _masks(docs, mask_groups)
    with counted_progress("articles") as progress:
        labelled = predict_tc(_tagger(model, None), docs, rows, progress=progress, masks=masks)
    write_tc(output, labelled)
    typer.echo(f"wrote {len(labelled)} labelled spans to {output}")
