"""The web server's guard against server-side request forgery."""

from __future__ import annotations

import pytest

from presslens.errors import InputError
from presslens.fetch import check_public, is_url


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1/", "http://localhost:8000/", "http://10.1.2.3/", "http://192.168.0.1/", "http://169.254.169.254/latest",
     "http://[::1]/", "http://0.0.0.0/"],
)
def test_check_public_refuses_private_addresses(url):
    with pytest.raises(InputError, match="private, loopback or link-local"):
        check_public(url)


@pytest.mark.parametrize(("value", "expected"), [("https://x.org/a", True), ("HTTP://x.org", True), ("news.txt", False),
                                                 ("ftp://x.org", False)])
def test_is_url(value, expected):
    assert is_url(value) is expected
