"""The shared spaCy parse: sentences, tokens and the parse every later layer reads.

`spacy_model.py` finds and loads the English pipeline; `stage.py` is the
`parse.v1` stage that runs it once per text.
"""
