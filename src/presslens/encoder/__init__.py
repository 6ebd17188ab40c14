"""The shared encoder pass: one MiniLM pass per article, read by several heads.

`stage.py` is the `encoder.v1` stage: it runs the shipped techniques encoder
once over the article (group names masked) and keeps the pass in memory (layer
`encoder_pass`), so the quotes layer's attribution head and the techniques layer
read the same pass instead of encoding the article twice.
"""
