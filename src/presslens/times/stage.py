"""Date and time expressions, resolved against the publication date.

Candidates are spaCy's DATE and TIME entities from the shared parse (no
second pass over the text); `presslens.times.normalise` gives each an ISO
value.
"""

from __future__ import annotations

from ..document import PARSE, TIMES, Document, TimeExpression, strip_span
from ..pipeline import register_stage
from ..times.normalise import resolve

STAGE = "times.v1"


class TimesStage:
    """Assign `times` from the DATE/TIME entities of `doc.parsed`."""

    def __call__(self, doc: Document) -> Document:
        parsed = doc.parsed
        if parsed is None:
            raise ValueError("the times stage needs the spaCy parse of parse.v1 in the same run")
        items = []
        for ent in parsed.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            start, end = strip_span(doc.text, ent.start_char, ent.end_char)
            if end == start:
                continue
            before = parsed[ent.start - 1].text if ent.start > 0 else ""
            res = resolve(doc.text[start:end], doc.published, preceding=before)
            items.append(
                TimeExpression.of(doc.text, start, end, label=ent.label_, value=res.value, anchored=res.anchored)
            )
        return doc.with_layer(TIMES, items, stage=STAGE)


@register_stage(
    STAGE,
    assigns=(TIMES,),
    requires=(PARSE,),
    order=30,
    description="DATE/TIME expressions with ISO values resolved against the publication date",
)
def make_times() -> TimesStage:
    return TimesStage()
