"""Time and peak memory of the full pipeline on one long article, per size.

Why synthetic articles: the question is how cost grows with length (issue 11:
a 990 KB article took minutes and gigabytes), and no corpus has single
articles of 500 KB or 1 MB. The generator writes news-like English from its
own paragraph templates (quotes with "said", split quotes, colon
introductions, "according to", names, titles, organisations, dates, amounts
and percentages, headlines without a full stop), so every stage has work to
do at every size. Text is seeded and deterministic: the same size gives the
same article.

Each size runs in a fresh process, so the peak RSS printed is that size's
own (it includes the loaded models: compare it with the 10 KB row). Time is
the pipeline call alone, after the models are loaded and a short warm-up
article has run; the seconds of each stage follow, to show which one grows
faster than the text.

    python benchmarks/long_documents.py                    # 10 KB, 100 KB, 500 KB, 1 MB
    python benchmarks/long_documents.py --sizes 10000,250000
    python benchmarks/long_documents.py --write 300000 > /tmp/long.txt   # the article only

Measured for issue 11 on the 2-core development machine (seconds / peak RSS MB;
"before" is the same tree without the issue's commits, run alternately with
"after"):

    size      before           after
    10 KB     3.5 /   512      3.5 /   510
    100 KB   41.1 /   832     33.5 /   832
    250 KB  153.7 / 1,342     65.5 /   868
    500 KB  (2,055 / 2,077 *) 122.0 / 1,106
    1 MB    (E088 above 1,000,000 characters)   303.1 / 1,651

    * the tree at the start of that session, before the actors stage existed.

What still grows faster than the text at 1 MB is actors.v1 (78 s, of which
nearly all in voices/speaking.py `Speakers.at`, a scan of every quote per span).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from corpus import peak_rss_mb

DEFAULT_SIZES = (10_000, 100_000, 500_000, 1_000_000)

FIRST = ("Marta", "Daniel", "Priya", "Tomas", "Amina", "Oliver", "Lena", "Kwame", "Sofia", "Rahul", "Ingrid", "Mateo")
LAST = ("Okafor", "Lindqvist", "Haddad", "Moreau", "Castellano", "Brennan", "Takahashi", "Novak", "Adeyemi", "Whitfield")
TITLES = ("Mayor", "Senator", "Minister", "Dr.", "Judge", "Governor", "Chief Executive")
ROLES = ("spokeswoman", "spokesman", "finance director", "union leader", "chief economist", "police chief", "mayor")
ORGS = (
    "the Harbour Authority", "the National Rail Union", "Greystone Bank", "the Ministry of Transport",
    "the City Council", "the Northern Water Company", "the Federal Audit Office", "Veritas Polling",
)
PLACES = ("Port Alvera", "Kelmouth", "the northern provinces", "Brackenridge", "the capital", "Lake Orrin")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
THINGS = ("fares", "water bills", "waiting times", "rents", "freight volumes", "hospital admissions", "tax receipts")
PLANS = ("the budget", "the new tunnel", "the pension reform", "the harbour expansion", "the rescue package")
CHARGED = (
    "a shameful betrayal of every family in this city",
    "nothing less than a disaster waiting to happen",
    "the greatest scandal this country has ever seen",
    "reckless, arrogant and completely out of touch",
    "a cynical stunt dreamed up by desperate people",
)
CALM = (
    "we will study the figures carefully before we decide anything",
    "the numbers speak for themselves and the trend is clear",
    "nobody in this building wants a long dispute",
    "the plan was always meant to be reviewed after two years",
)


def _cap(phrase: str) -> str:
    """Upper-case the first letter only (str.capitalize would lower-case the names after it)."""
    return phrase[:1].upper() + phrase[1:]


class Writer:
    """Fills paragraph templates from seeded random choices."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def pick(self, options: tuple[str, ...]) -> str:
        return self.rng.choice(options)

    def person(self) -> str:
        return f"{self.pick(FIRST)} {self.pick(LAST)}"

    def date(self) -> str:
        return f"{self.pick(DAYS)}, {self.rng.randint(1, 28)} {self.pick(MONTHS)} {self.rng.randint(2015, 2026)}"

    def number(self) -> str:
        return f"{self.rng.randint(2, 950):,}"

    def pct(self) -> str:
        return f"{self.rng.randint(1, 40)}.{self.rng.randint(0, 9)}%"

    def money(self) -> str:
        return f"${self.rng.randint(1, 900)}.{self.rng.randint(0, 9)} million"

    def paragraph(self) -> str:
        return self.pick_template()()

    def pick_template(self) -> Callable[[], str]:
        return self.rng.choice(
            (
                self.direct, self.direct_after, self.indirect, self.split, self.colon, self.according,
                self.figures, self.headline, self.pronoun, self.curly,
            )
        )

    def direct(self) -> str:
        return (
            f"\"{_cap(self.pick(CHARGED))},\" {self.pick(TITLES)} {self.person()} said on {self.pick(DAYS)}. "
            f"The remarks came after {self.pick(ORGS)} confirmed that {self.pick(THINGS)} in {self.pick(PLACES)} "
            f"had risen by {self.pct()} since {self.pick(MONTHS)}."
        )

    def direct_after(self) -> str:
        return f"{self.person()}, the {self.pick(ROLES)} of {self.pick(ORGS)}, said: \"{_cap(self.pick(CALM))}.\""

    def indirect(self) -> str:
        return (
            f"{_cap(self.pick(ORGS))} said on {self.date()} that {self.pick(PLANS)} would cost "
            f"{self.money()} more than planned, and that {self.number()} jobs in {self.pick(PLACES)} were at risk."
        )

    def split(self) -> str:
        return (
            f"\"{_cap(self.pick(CALM))},\" {self.person()} told reporters in {self.pick(PLACES)}. "
            f"\"But {self.pick(CHARGED)}.\""
        )

    def colon(self) -> str:
        name = self.person()
        return f"{name} was blunt:\n\n\"{_cap(self.pick(CHARGED))}. {_cap(self.pick(CALM))}.\""

    def according(self) -> str:
        return (
            f"According to {self.pick(ORGS)}, {self.number()} households in {self.pick(PLACES)} paid "
            f"{self.pct()} more for {self.pick(THINGS)} in {self.rng.randint(2015, 2026)} than a year earlier."
        )

    def figures(self) -> str:
        return (
            f"{_cap(self.pick(ORGS))} reported a {self.pct()} fall in {self.pick(THINGS)} to {self.money()} "
            f"in {self.pick(MONTHS)}, the lowest level since {self.rng.randint(1990, 2014)}. Analysts at "
            f"{self.pick(ORGS)} expect {self.number()} more cases by {self.pick(MONTHS)} {self.rng.randint(2026, 2030)}."
        )

    def headline(self) -> str:
        return f"{_cap(self.pick(PLACES))} braces for {self.pick(THINGS)} vote as {self.pick(PLANS)} stalls"

    def pronoun(self) -> str:
        return (
            f"{self.pick(TITLES)} {self.person()} met officials on {self.date()}. She said the delay was "
            f"{self.pick(CHARGED)}, and warned that {self.pick(PLANS)} could collapse within {self.number()} days."
        )

    def curly(self) -> str:
        return (
            f"\u201c{_cap(self.pick(CALM))},\u201d said {self.person()}, a {self.pick(ROLES)} \u2014 "
            f"adding that {self.pick(ORGS)} had \u201cno plan at all\u201d for {self.pick(PLACES)}."
        )


def long_article(size: int, *, seed: int = 11) -> str:
    """A news-like article of about `size` characters (never more), cut at a paragraph end."""
    writer = Writer(seed)
    paragraphs = [writer.headline()]
    length = len(paragraphs[0])
    while True:
        paragraph = writer.paragraph()
        if length + 2 + len(paragraph) > size:
            break
        paragraphs.append(paragraph)
        length += 2 + len(paragraph)
    return "\n\n".join(paragraphs) + "\n"


class _Timed:
    """A stage that adds up the seconds spent in it; the pipeline runs it unchanged."""

    def __init__(self, stage: Any) -> None:
        self.stage = stage
        self.seconds = 0.0

    def __call__(self, doc: Any) -> Any:
        start = time.perf_counter()
        out = self.stage(doc)
        self.seconds += time.perf_counter() - start
        return out


def measure(size: int) -> dict[str, Any]:
    """Run the default pipeline on one article of `size` characters in this process."""
    import presslens
    from presslens import Document
    from presslens.pipeline import Pipeline

    pipeline = presslens.load_pipeline()
    timers = [_Timed(stage) for _, stage in pipeline.stages]
    pipeline = Pipeline(tuple((spec, timer) for (spec, _), timer in zip(pipeline.stages, timers)))
    pipeline(Document(id="warm-up", text=long_article(2_000, seed=1)))
    for timer in timers:
        timer.seconds = 0.0
    text = long_article(size)
    rss_loaded = peak_rss_mb()
    start = time.perf_counter()
    doc = pipeline(Document(id=f"long-{size}", text=text))
    seconds = time.perf_counter() - start
    return {
        "stages": {spec.name: round(timer.seconds, 1) for (spec, _), timer in zip(pipeline.stages, timers)},
        "size": size,
        "chars": len(text),
        "bytes": len(text.encode("utf-8")),
        "seconds": seconds,
        "rss_mb": peak_rss_mb(),
        "rss_loaded_mb": rss_loaded,
        "sentences": len(doc.sentences or []),
        "quotes": len(doc.quotes or []),
        "claims": len(doc.claims or []),
    }


def _fresh_process(size: int) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--one", str(size)], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        return {"size": size, "error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES), help="characters, comma-separated")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--write", type=int, metavar="SIZE", help="print the article of SIZE characters and exit")
    args = parser.parse_args()
    if args.write:
        sys.stdout.write(long_article(args.write))
        return
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    print(f"full pipeline, one article per fresh process (cpus: {os.cpu_count()})")
    print(f"{'size':>10} {'chars':>10} {'seconds':>8} {'s/100K':>7} {'peak RSS MB':>11} {'after load':>10} "
          f"{'sentences':>9} {'quotes':>7} {'claims':>7}")
    for size in (int(s) for s in args.sizes.split(",")):
        r = _fresh_process(size)
        if "error" in r:
            print(f"{size:>10,} failed: {r['error']}")
            continue
        print(
            f"{size:>10,} {r['chars']:>10,} {r['seconds']:>8.1f} {r['seconds'] * 100_000 / r['chars']:>7.1f} "
            f"{r['rss_mb']:>11.0f} {r['rss_loaded_mb']:>10.0f} {r['sentences']:>9,} {r['quotes']:>7,} {r['claims']:>7,}",
        )
        print("           " + "  ".join(f"{name} {s:.1f}" for name, s in r["stages"].items()), flush=True)


if __name__ == "__main__":
    main()
