from __future__ import annotations

import presslens


def test_public_api_exports_are_curated():
    assert sorted(presslens.__all__) == ["Document", "InputError", "PresslensError", "Span", "analyze", "load_pipeline"]
    for name in presslens.__all__:
        assert hasattr(presslens, name)
