"""The times layer: dates and relative phrases normalised against the publication date.

`normalise.py` resolves one expression; `stage.py` is the `times.v1` stage.
"""
