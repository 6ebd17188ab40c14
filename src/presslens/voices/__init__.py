"""Who speaks in an article: quotation marks, cues, attribution rules, coreference, voices summary."""
