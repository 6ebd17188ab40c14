"""The techniques layer: spans using one of the 14 PTC propaganda techniques.

`windows.py` cuts an article into encoder windows, `decoding.py` turns token
probabilities into word spans, `postprocess.py` cleans them, `span_memory.py`
recalls identical training spans, `group_masks.py` hides group names,
`predict.py` is the tagger (one span channel per technique, each decoded
with its own settings; older one-channel models still load), `shipped.py` loads the shipped model and
`stage.py` is the `techniques.v1` stage. Training lives in `presslens.train`,
evaluation in `presslens.eval`.
"""
