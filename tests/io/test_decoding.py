"""Issue 11 (reading side): decoding bytes never silently changes the characters."""

from __future__ import annotations

import pytest

from presslens.document import surrogate_field
from presslens.errors import ConfigError, InputError
from presslens.io import check_encoding
from presslens.io.decoding import declared_charset, decode_bytes

WESTERN = "The caf\u00e9 owner, Jos\u00e9 Mu\u00f1oz, said on Monday.\n"
RUSSIAN = (
    "\u0413\u043e\u0440\u043e\u0434\u0441\u043a\u043e\u0439 \u0441\u043e\u0432\u0435\u0442 "
    "\u0443\u0442\u0432\u0435\u0440\u0434\u0438\u043b \u043d\u043e\u0432\u044b\u0439 "
    "\u0431\u044e\u0434\u0436\u0435\u0442 \u0432 \u043f\u043e\u043d\u0435\u0434\u0435\u043b\u044c\u043d\u0438\u043a, "
    "\u0441\u043a\u0430\u0437\u0430\u043b \u043c\u044d\u0440 \u0436\u0443\u0440\u043d\u0430\u043b\u0438\u0441\u0442\u0430\u043c."
)
POLISH = (
    "Rz\u0105d og\u0142osi\u0142 w poniedzia\u0142ek, \u017ce nowy most zostanie otwarty wiosn\u0105. "
    "Minister powiedzia\u0142 dziennikarzom, \u017ce prace id\u0105 zgodnie z planem."
)
JAPANESE = "\u5e02\u8b70\u4f1a\u306f\u6708\u66dc\u65e5\u3001\u65b0\u3057\u3044\u6a4b\u306e\u4e88\u7b97\u3092\u627f\u8a8d\u3057\u305f\u3002"


@pytest.mark.parametrize(
    "text,encoding,expected",
    [
        (WESTERN, "latin-1", "cp1252"),  # the reproducer: was read as cp1250 ("Mu\u0144oz")
        ("Le maire a dit \u00ab\u00a0c\u2019est fini\u00a0\u00bb lundi.", "cp1252", "cp1252"),
        (WESTERN, "utf-8", "utf-8"),
        (RUSSIAN, "cp1251", "cp1251"),
        (POLISH, "cp1250", "cp1250"),  # as cp1252 it would read "Rz\u00b9d og\u00b3osi\u00b3"
        (JAPANESE * 3, "shift_jis", "cp932"),
    ],
)
def test_decoding_picks_the_encoding_that_keeps_the_text(text: str, encoding: str, expected: str):
    decoded = decode_bytes("story.txt", text.encode(encoding))
    assert decoded.text == text
    assert decoded.encoding == expected


def test_decoding_mostly_utf8_with_bad_bytes_is_rejected_with_the_position():
    data = ("Jos\u00e9 said the caf\u00e9 was open.\n" * 3).encode("utf-8") + b"Then \xff and \xfe.\n"
    with pytest.raises(InputError) as info:
        decode_bytes("mixed.txt", data)
    message = str(info.value)
    offset = data.index(b"\xff")
    assert "mostly UTF-8" in message
    assert f"byte 0xff at offset {offset} (line 4, column 6)" in message
    assert "--encoding" in message


def test_decoding_unknown_single_byte_text_is_rejected_not_guessed():
    data = bytes(range(0xA0, 0x100)) * 2  # symbols and letters with no language in them
    with pytest.raises(InputError) as info:
        decode_bytes("odd.txt", data)
    assert "could not be detected with confidence" in str(info.value)
    assert "--encoding" in str(info.value)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_decoding_utf16_without_bom_is_detected(codec: str):
    text = "The council met on Monday.\r\nThe caf\u00e9 stays open.\n"
    decoded = decode_bytes("u16.txt", text.encode(codec))
    assert decoded == (text, codec)


@pytest.mark.parametrize("codec,expected", [("utf-16", "utf-16-le"), ("utf-32", "utf-32-le")])
def test_decoding_bom_decides_and_is_not_kept_for_utf16_and_utf32(codec: str, expected: str):
    text = "The council met on Monday."
    data = text.encode(codec)  # Python writes a little-endian BOM first
    assert decode_bytes("bom.txt", data) == (text, expected)


def test_decoding_utf8_bom_is_kept_as_python_reads_it():
    data = b"\xef\xbb\xbfThe council met."
    assert decode_bytes("bom.txt", data) == ("\ufeffThe council met.", "utf-8")


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02binary\x00\xff\xfe\x00",
        b"\x01\x00\x02\x00\x03\x00\x04\x00" * 40,  # the UTF-16 NUL pattern, but control characters
        bytes(range(256)) * 8,
    ],
)
def test_decoding_binary_is_still_rejected(data: bytes):
    with pytest.raises(InputError) as info:
        decode_bytes("blob.txt", data)
    assert "binary" in str(info.value)


def test_decoding_forced_encoding_is_used_and_recorded():
    data = POLISH.encode("cp1250")
    assert decode_bytes("pl.txt", data, encoding="windows-1250") == (POLISH, "cp1250")
    assert decode_bytes("l1.txt", WESTERN.encode("latin-1"), encoding="latin-1") == (WESTERN, "iso8859-1")


def test_decoding_forced_encoding_that_does_not_fit_says_where():
    with pytest.raises(InputError) as info:
        decode_bytes("l1.txt", WESTERN.encode("latin-1"), encoding="utf-8")
    assert "is not valid utf-8 (byte 0xe9 at offset 7 (line 1, column 8))" in str(info.value)
    assert "was named as the encoding" in str(info.value)


@pytest.mark.parametrize("name", ["utf-9", "base64", "rot13"])
def test_decoding_unknown_or_non_text_encoding_is_a_config_error_with_examples(name: str):
    with pytest.raises(ConfigError) as info:
        check_encoding(name)
    assert repr(name) in str(info.value) and "cp1252" in str(info.value)


def test_decoding_html_meta_charset_is_honoured():
    page = '<html><head><meta charset="windows-1251"></head><body><p>' + RUSSIAN + "</p></body></html>"
    data = page.encode("cp1251")
    assert declared_charset(data) == "windows-1251"
    assert decode_bytes("page.html", data, declared=declared_charset(data)) == (page, "cp1251")


def test_decoding_unpaired_surrogate_is_named_with_its_field():
    problem = surrogate_field({"id": "fine", "title": "x \ud800 y"})
    assert problem is not None and problem.startswith("title holds an unpaired surrogate '\\ud800' at character 2;")
    assert surrogate_field({"text": "paired \U0001f600 is fine", "url": None}) is None
