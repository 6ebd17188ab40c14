"""`presslens eval polnear` (quotes layer vs textacy) and `presslens train quote-cues`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..errors import InputError
from ..eval.attribution_scores import AttributionScores
from ..eval.polnear import RULES_STAGES, SHIPPED_STAGES, evaluate_polnear, read_polnear
from ..eval.textacy_peer import TEXTACY_INSTALL
from ..pipeline import load_pipeline
from ._apps import eval_app, train_app


@eval_app.command("polnear")
def eval_polnear(
    directory: Annotated[Path, typer.Argument(help="A PolNeAR compartment with text/ and attributions/.")],
    limit: Annotated[int | None, typer.Option(help="Score only the first N texts (sorted by name).")] = None,
    rules_only: Annotated[
        bool, typer.Option("--rules-only", help="Score the attribution rules alone, without the learned head.")
    ] = False,
) -> None:
    """Content P/R/F1 (partial overlap), source and cue accuracy of the quotes layer, beside textacy.

    Matched attribution: a gold attribution and the prediction whose content overlaps it most.

    Source (cue) accuracy: share of matched attributions whose predicted source (cue) overlaps the gold one.

    "direct": only quotations wholly inside quotation marks.

    Exact: span P/R/F1 per role over token BIO tags, a span counting only when its first and last
    token match the gold (matched/predicted/gold), as CofeNet scores PolNeAR.

    Wrong-speaker rate: of the named speakers matched to a gold source that can be checked, the share
    that is not the gold speaker.

    Example: presslens eval polnear ../shared/data/polnear/dev
    """
    texts = read_polnear(directory)
    if limit is not None:
        if limit < 1:
            raise InputError(f"--limit {limit}", "must be at least 1")
        texts = texts[:limit]
    result = evaluate_polnear(texts, pipeline=load_pipeline(RULES_STAGES if rules_only else SHIPPED_STAGES))
    console = Console(soft_wrap=True)
    gold = sum(len(t.attributions) for t in texts)
    console.print(f"PolNeAR {directory}: {len(texts)} texts, {gold} gold attributions")
    ours = "presslens quotes.v1 (rules alone)" if rules_only else "presslens quotes.v1 (rules + learned head)"
    for name, scores in ((ours, result.presslens), ("textacy 0.13 direct_quotations", result.textacy)):
        if scores is None:
            continue
        console.print(name, highlight=False)
        for line in _lines(scores):
            console.print(line, highlight=False)
    if result.textacy is None:
        console.print(f"textacy is not installed, so the peer was not scored; {TEXTACY_INSTALL}", highlight=False)
        return
    console.print(
        f"textacy crashed on {result.textacy.crashes} of {result.textacy.texts} texts "
        "(scored as no predictions); presslens crashed on 0"
    )


def _lines(scores: AttributionScores) -> list[str]:
    out = []
    for subset, tally in (("all   ", scores.overall), ("direct", scores.direct)):
        out.append(
            f"  {subset}  content P {tally.precision:.3f} R {tally.recall:.3f} F1 {tally.f1:.3f}"
            f" | source acc {tally.source_accuracy:.3f} ({tally.source_ok}/{tally.source_n})"
            f" | cue acc {tally.cue_accuracy:.3f} ({tally.cue_ok}/{tally.cue_n})"
            f" | predicted {tally.n_pred}, gold {tally.n_gold}, matched {tally.matched}"
        )
    exact = " ".join(
        f"{role} P {t.precision:.3f} R {t.recall:.3f} F1 {t.f1:.3f} ({t.matched}/{t.n_pred}/{t.n_gold})"
        for role, t in scores.exact.items()
    )
    out.append(f"  exact   {exact}")
    s = scores.speakers
    out.append(
        f"  speaker wrong-speaker rate {s.rate:.3f} ({s.wrong}/{s.checked} checked named speakers; "
        f"{s.unnamed_gold} named where the gold source is unnamed)"
    )
    return out


@train_app.command("quote-cues")
def train_quote_cues(
    directory: Annotated[Path, typer.Argument(help="The PolNeAR train compartment.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the lexicon TSV.")] = Path(
        "src/presslens/models/quote_cues/cue_lexicon.tsv"
    ),
) -> None:
    """Learn the cue-verb lexicon of the quotes layer from PolNeAR annotations.

    Example: presslens train quote-cues ../shared/data/polnear/train
    """
    from ..parse.spacy_model import load_spacy
    from ..quotes.cues import cue_examples, learn_lexicon, write_lexicon

    texts = read_polnear(directory)
    nlp = load_spacy()

    def examples():
        for text, parsed in zip(texts, nlp.pipe((t.text for t in texts), batch_size=16)):
            cue = {i for a in text.attributions for s, e in a.cue for i in range(s, e)}
            content = {i for a in text.attributions for s, e in a.content for i in range(s, e)}
            yield from cue_examples(parsed, cue, content)

    rows = learn_lexicon(examples())
    write_lexicon(rows, output)
    Console().print(f"wrote {len(rows)} cue lemmas to {output}")


@train_app.command("attribution")
def train_attribution(
    directory: Annotated[Path, typer.Argument(help="The PolNeAR train compartment.")],
    run: Annotated[Path, typer.Option("--run", help="Run folder: features, per-fold results (resumable), summary.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the head (model folder).")] = Path(
        "src/presslens/models/attribution"
    ),
    folds: Annotated[int, typer.Option("--folds", help="Cross-validation folds by article (0: none).")] = 5,
    epochs: Annotated[int, typer.Option("--epochs")] = 12,
    layers: Annotated[int, typer.Option("--layers", help="Stacked BiLSTM layers.")] = 1,
    neutral_names: Annotated[
        bool, typer.Option("--neutral-names/--no-neutral-names", help="Proper-noun words read alike (no vectors).")
    ] = False,
    syntax: Annotated[
        bool, typer.Option("--syntax/--no-syntax", help="The cue verbs' subtrees as features of each word.")
    ] = False,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    threads: Annotated[int, typer.Option("--threads", help="torch CPU threads (1: reproducible).")] = 1,
    limit: Annotated[int | None, typer.Option("--limit", help="Use only the first N articles (smoke tests).")] = None,
    fold: Annotated[
        list[int] | None,
        typer.Option("--fold", help="Train only this CV fold and stop (repeatable): run folds side by side, "
                     "one process per core on the same --run folder, then the command without --fold finishes."),
    ] = None,
) -> None:
    """Train the quotes layer's attribution head on the shared encoder pass; choose the merge by CV; export.

    Cross-validation by article gives the rules' and the head's exact F1 per role (mean and spread),
    then the quotes layer's scores under each merge setting from the out-of-fold tags; the best
    setting ships in config.json. Rerun the same command to resume after an interruption.

    Example: presslens train attribution ../shared/data/polnear/train --run runs/attribution
    """
    import torch

    from ..train.attribution import HeadConfig, run_training

    console = Console(soft_wrap=True)

    def log(message: str) -> None:
        console.print(message, highlight=False)

    torch.set_num_threads(threads)
    texts = read_polnear(directory)[:limit]
    config = HeadConfig(
        epochs=epochs, layers=layers, neutral_names=neutral_names, syntax=syntax, seed=seed, folds=max(folds, 2)
    )
    if fold:
        bad = [k for k in fold if not 0 <= k < config.folds]
        if bad:
            raise typer.BadParameter(f"--fold {bad[0]} is not a fold of {config.folds} (0-{config.folds - 1})")
        run_training(texts, config, run=run, output=output, source=str(directory), log=log, only_folds=fold)
        log(f"trained folds {', '.join(map(str, fold))} in {run}; run the command without --fold to finish")
        return
    run_training(texts, config, run=run, output=output, cross_validate_folds=bool(folds), source=str(directory), log=log)
    log(f"wrote the attribution head to {output}")
