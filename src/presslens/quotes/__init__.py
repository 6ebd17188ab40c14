"""The quotes layer: who says what, with the speaker resolved to a named actor.

`quotemarks.py` pairs quotation marks, `cues.py` holds the cue lexicon
learned from PolNeAR, `attribution_rules.py` finds source, cue and content on
the parse (with `spans`, `sources`, `cue_spans`, `framing`, `quote_pairing`
and `orphans` holding its rule families), `coreference.py` resolves "he" and "the minister" to a named
actor, `attribution.py` puts them together and `stage.py` is the `quotes.v1`
stage.
"""
