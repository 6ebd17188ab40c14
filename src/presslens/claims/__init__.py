"""The claims layer: check-worthy factual claims and the parts a fact-checker must verify.

`units.py` cuts an article into candidates, `scorer.py` scores them with the
shipped ONNX classifier, `calibration.py` turns logits into probabilities,
`parts.py` finds quantities, actors and dates inside a claim, `build.py`
assembles claims and `stage.py` is the `claims.v1` stage. The fact-checker's
checklist (Markdown, CSV) is presentation and lives in `presslens.report`.
"""
