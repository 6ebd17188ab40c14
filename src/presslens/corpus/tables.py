"""The store's tables: every column with its type and meaning, and the DDL that creates them.

Why one table per layer with flat columns: a researcher's questions ("which
outlets use Loaded_Language in their own voice?") are one `GROUP BY` over
`techniques` joined to `articles`, and the same flat rows export to CSV or
Parquet unchanged. A span is `start`, `end` (code-point offsets into the
article's text, end exclusive, as in the JSON contract) and `text`; a nested
span (a quote's cue, a technique's source) becomes `<name>_start`,
`<name>_end`, `<name>_text`; a list of spans (a claim's quantities, a voice's
quoted words) is a JSON array of `{start, end, text}` objects in one column.
Every layer row carries the article's `key` and `i`, its position in the layer.

`TABLES` is the schema: `store.py` creates it, `docs/corpus.md` documents it
(a test checks both agree), and `rows.py` turns documents into its rows and back.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..document import ACTORS, CLAIMS, ENTITIES, QUOTES, SENTENCES, TECHNIQUES, TIMES, VOICES


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    doc: str = ""


@dataclass(frozen=True)
class Table:
    """One table of the store: its columns in order, a primary key, and what a row is."""

    name: str
    columns: tuple[Column, ...]
    doc: str
    primary_key: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def ddl(self) -> str:
        cols = [f'"{c.name}" {c.type}' for c in self.columns]
        if self.primary_key:
            cols.append(f"PRIMARY KEY ({', '.join(self.primary_key)})")
        return f"CREATE TABLE IF NOT EXISTS {self.name} ({', '.join(cols)})"


def _span(prefix: str = "") -> tuple[Column, ...]:
    what = f"the {prefix} span" if prefix else "the span"
    p = f"{prefix}_" if prefix else ""
    return (
        Column(f"{p}start", "INTEGER", f"first character of {what} (code points into the article text)"),
        Column(f"{p}end", "INTEGER", f"one past the last character of {what} (exclusive)"),
        Column(f"{p}text", "VARCHAR", f"text[start:end] of {what}"),
    )


_ROW = (
    Column("key", "VARCHAR NOT NULL", "the article (articles.key)"),
    Column("i", "INTEGER NOT NULL", "position of the item in its layer"),
)
_WHO = (
    Column("voice", "VARCHAR", "author, quoted or paraphrased"),
    Column("speaker", "VARCHAR", "canonical name of the speaking source; NULL for the author and unnamed sources"),
    *_span("source"),
)

ARTICLES = Table(
    "articles",
    (
        Column("key", "VARCHAR NOT NULL", "hash of the text and metadata (presslens.corpus.document_key)"),
        Column("id", "VARCHAR NOT NULL", "the article's id (JSONL id, or the file name without extension)"),
        Column("source", "VARCHAR", "outlet or publisher"),
        Column("title", "VARCHAR"),
        Column("url", "VARCHAR"),
        Column("published", "DATE", "publication date"),
        Column("language", "VARCHAR"),
        Column("encoding", "VARCHAR", "encoding the input bytes were decoded from"),
        Column("chars", "INTEGER", "length of the text in code points"),
        Column("words", "INTEGER", "words in the text (letters or digits, with inner apostrophes and hyphens)"),
        Column("pipeline", "VARCHAR[]", "the versioned stages that produced the stored layers"),
        Column("layers", "VARCHAR[]", "the layers stored for this article (a layer not listed was not analysed)"),
        Column("run", "INTEGER", "the run that stored it (runs.run)"),
        Column("analysed_at", "TIMESTAMP", "when it was stored (UTC)"),
        Column("text", "VARCHAR NOT NULL", "the analysed text, exactly: every offset points into it"),
        # Added in store schema version 2 (a version 1 store gains them, NULL, when first opened).
        Column("authors", "VARCHAR[]", "the byline: author names as the page or feed gives them"),
        Column("published_from", "VARCHAR", "where the date came from: metadata, url, text, feed or given"),
        Column("canonical_url", "VARCHAR", "the address the page declares as its own"),
        Column("site_name", "VARCHAR", "the site's name as the page declares it"),
        Column("final_url", "VARCHAR", "where a fetched page was read after redirects"),
        Column("redirects", "VARCHAR[]", "the addresses a fetch was redirected through"),
        Column("fetched_at", "TIMESTAMP", "when the page's bytes were fetched (UTC)"),
    ),
    "One row per analysed article.",
    ("key",),
)
SENTENCES_TABLE = Table(SENTENCES, (*_ROW, *_span()), "One row per sentence.")
ENTITIES_TABLE = Table(
    ENTITIES,
    (
        *_ROW,
        *_span(),
        Column("label", "VARCHAR", "PERSON, ORG, GPE, NORP, ..."),
        Column("canonical", "VARCHAR", "one name per actor within the article"),
    ),
    "One row per named-entity mention.",
)
TIMES_TABLE = Table(
    TIMES,
    (
        *_ROW,
        *_span(),
        Column("label", "VARCHAR", "DATE or TIME"),
        Column("value", "VARCHAR", "ISO 8601 value; NULL when unresolved"),
        Column("anchored", "BOOLEAN", "resolved against the publication date"),
    ),
    "One row per time expression.",
)
QUOTES_TABLE = Table(
    QUOTES,
    (
        *_ROW,
        *_span(),
        Column("kind", "VARCHAR", "direct, indirect or mixed"),
        Column("speaker", "VARCHAR", "canonical name of the speaker; NULL when unresolved"),
        Column("resolved_by", "VARCHAR", "how the speaker was resolved (name, apposition, relative, pronoun, "
               "description, possessor, document, continuation); NULL with a NULL speaker"),
        *_span("content"),
        *_span("cue"),
        *_span("source"),
    ),
    "One row per attribution (the span covers source, cue and content).",
)
TECHNIQUES_TABLE = Table(
    TECHNIQUES,
    (
        *_ROW,
        *_span(),
        Column("technique", "VARCHAR", "one of the 14 PTC technique labels"),
        Column("score", "DOUBLE"),
        *_WHO,
        Column("lane", "VARCHAR", "shown, or candidate (the switchable low-precision lane); analytics count shown"),
    ),
    "One row per persuasion-technique span.",
)
CLAIMS_TABLE = Table(
    CLAIMS,
    (
        *_ROW,
        *_span(),
        Column("score", "DOUBLE", "check-worthiness in [0, 1]"),
        *_WHO,
        Column("quantities", "VARCHAR", "JSON array of {start, end, text}"),
        Column("entities", "VARCHAR", "JSON array of {start, end, text}"),
        Column("times", "VARCHAR", "JSON array of {start, end, text}"),
    ),
    "One row per check-worthy claim.",
)
VOICES_TABLE = Table(
    VOICES,
    (
        *_ROW,
        Column("voice", "VARCHAR", "author, or source (one speaker, or the unnamed sources with speaker NULL)"),
        Column("speaker", "VARCHAR"),
        Column("attributions", "INTEGER"),
        Column("words", "INTEGER"),
        Column("quoted_words", "INTEGER"),
        Column("paraphrased_words", "INTEGER"),
        Column("quoted", "VARCHAR", "JSON array of {start, end, text}"),
        Column("paraphrased", "VARCHAR", "JSON array of {start, end, text}"),
        Column("techniques", "VARCHAR", "JSON object: technique label -> spans in this voice"),
    ),
    "One row per voice of an article (the voices summary; not spans).",
)
ACTORS_TABLE = Table(
    ACTORS,
    (
        *_ROW,
        Column("j", "INTEGER", "position of the reference among the actor's references (NULL: an actor without any)"),
        Column("canonical", "VARCHAR", "the actor's canonical name in the article; NULL for the row of unlinked descriptions"),
        Column("label", "VARCHAR", "PERSON, ORG, GPE, NORP, ...; NULL for the unlinked row"),
        Column("aliases", "VARCHAR", "JSON array of other names the text equates with this one"),
        *_span(),
        Column("kind", "VARCHAR", "name, apposition, description or label"),
        Column("head", "VARCHAR", "lower-cased lemma of the head noun ('' for names)"),
        Column("link", "VARCHAR", "the evidence linking the reference to the actor; NULL when none"),
        *_WHO,
        Column("suggestion_candidate", "VARCHAR", "a suggested referent (a modifier inside the phrase names it); NULL when none"),
        Column("suggestion_score", "DOUBLE", "0.9: the article names the candidate; 0.6: only the lexicon does"),
        Column("suggestion_rule", "VARCHAR", "metonym or demonym"),
        *_span("suggestion"),
    ),
    "One row per reference to an actor (a name, apposition, description or label), with the actor's name.",
)
LAYER_TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        SENTENCES_TABLE, ENTITIES_TABLE, TIMES_TABLE, QUOTES_TABLE, TECHNIQUES_TABLE, CLAIMS_TABLE, VOICES_TABLE,
        ACTORS_TABLE,
    )
}
STAGES = Table(
    "stages",
    (
        Column("stage", "VARCHAR NOT NULL", "versioned stage name, e.g. techniques.v1"),
        Column("assigns", "VARCHAR[]", "the layers it writes"),
        Column("requires", "VARCHAR[]", "the layers it needs"),
        Column("uses", "VARCHAR[]", "the layers it reads when present"),
        Column("description", "VARCHAR"),
        Column("first_run", "INTEGER", "the run that first used it"),
    ),
    "One row per stage version that ever wrote to the store.",
    ("stage",),
)
FAILURES = Table(
    "failures",
    (
        Column("key", "VARCHAR NOT NULL", "the document's key, or a hash of the input name when it could not be read"),
        Column("id", "VARCHAR", "the document id (NULL for unreadable input)"),
        Column("source", "VARCHAR"),
        Column("input", "VARCHAR", "the input it came from, when it could not be read"),
        Column("stage", "VARCHAR", "the stage that failed (NULL for unreadable input)"),
        Column("error", "VARCHAR", "the error message"),
        Column("run", "INTEGER"),
        Column("failed_at", "TIMESTAMP"),
    ),
    "One row per document that failed (its latest failure); cleared when it is analysed.",
    ("key",),
)
RUNS = Table(
    "runs",
    (
        Column("run", "INTEGER NOT NULL"),
        Column("started", "TIMESTAMP"),
        Column("finished", "TIMESTAMP", "NULL while running, or when the run was killed"),
        Column("status", "VARCHAR", "running, finished, interrupted or failed"),
        Column("backend", "VARCHAR", "in-process, processes or dask"),
        Column("workers", "INTEGER"),
        Column("pipeline", "VARCHAR[]"),
        Column("analysed", "INTEGER"),
        Column("failed", "INTEGER"),
        Column("skipped", "INTEGER", "already in the store"),
    ),
    "One row per batch run.",
    ("run",),
)
META = Table(
    "meta",
    (Column("name", "VARCHAR NOT NULL"), Column("value", "VARCHAR")),
    "The store's own settings: schema_version, created_by.",
    ("name",),
)
TABLES: tuple[Table, ...] = (META, RUNS, STAGES, ARTICLES, FAILURES, *LAYER_TABLES.values())
