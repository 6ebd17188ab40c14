"""The entities layer: named actors, one canonical name per actor within an article.

`canonical.py` merges variants, surnames and titles; `stage.py` is the `entities.v1` stage.
"""
