

def test_findings_source_note_says_how_the_speaker_was_resolved():
    from presslens.document import Part, Quote
    from presslens.report.findings import source_note

    text = 'Ann Lee arrived. "We are ready," she said.'
    content = Part.of(text, text.index('"'), text.rindex('"') + 1)
    source = Part.of(text, text.index("she"), text.index("she") + 3)
    resolved = Quote.of(text, content.start, len(text) - 1, content=content, cue=None, source=source,
                        speaker="Ann Lee", kind="direct", resolved_by="pronoun")
    assert source_note(resolved) == "Source: Ann Lee (pronoun, resolved to the last compatible mention)"
    unnamed = resolved.model_copy(update={"speaker": None, "resolved_by": None})
    assert source_note(unnamed) == "Source: unresolved"
