"""Check-worthy factual claims: scoring sentences, choosing claims, finding what to verify.

The modules here are pure logic (no file or network I/O, no torch): the
`claims.v1` stage in `presslens.stages.claims` wires them to the shipped ONNX
model and to the other layers, and `presslens claims` formats the results as
a fact-checker's checklist.
"""
