"""Whose voice a finding is in: the outlet's own (author) or a quoted source.

`speaking.py` answers "who is speaking at these characters" for every layer
(techniques, claims, the summary); `summary.py` builds the per-article voices
summary; `stage.py` is the `voices.v1` stage.
"""
