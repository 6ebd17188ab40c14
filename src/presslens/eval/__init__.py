"""Scorers that compare presslens output with annotated corpora."""
