"""The pages and feeds of the local test site: written for these tests, nothing copied.

Each page is one case a fetcher meets in the wild: a clean article, one whose
date is only in its address, two bylines, a paywall stub, a page in German, a
body in cp1252 that the server calls UTF-8, a PDF, and so on. `EXPECTED`
holds what presslens must read from each (authors, date and where the date
came from), so the tests and the README example check the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass

_BODY = (
    "<p>The harbour authority of Port Ellery voted on Tuesday to close the northern quay for repairs, "
    "a decision that dock workers said would cost them three weeks of wages.</p>"
    "<p>\"We were told nothing until the vote,\" said Mara Quist, who has unloaded ships there for "
    "eleven years. The authority said the quay was no longer safe for heavy cranes.</p>"
    "<p>Engineers found cracks in two of the concrete piers last month, according to a report seen by "
    "this newspaper. Repairs are expected to cost 4.2 million crowns and to finish before the autumn "
    "fishing season begins.</p>"
    "<p>Councillor Jonas Brek called the closure a sensible precaution and promised that the council "
    "would look for ways to support the families affected by the lost work.</p>"
)


def article(
    title: str,
    *,
    head: str = "",
    byline: str = "",
    body: str = _BODY,
    lang: str = "en",
    charset: str = "utf-8",
) -> str:
    """One article page; `head` adds meta tags, `byline` a visible byline above the body."""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="{charset}"><title>{title}</title>{head}</head>'
        f"<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{title}</h1>"
        f"{byline}{body}</article><footer>Copyright the Ellery Courier</footer></body></html>"
    )


_META = (
    '<meta name="author" content="Lena Hart">'
    '<meta property="article:published_time" content="2024-03-05T08:00:00+00:00">'
    '<meta property="og:site_name" content="Ellery Courier">'
    '<link rel="canonical" href="http://127.0.0.1/news/quay-closure">'
)
_TWO_BYLINES = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
    '"headline": "Council split over ferry fares", "datePublished": "2024-04-11", '
    '"author": [{"@type": "Person", "name": "Ana Ruiz"}, {"@type": "Person", "name": "Ben Osei"}], '
    '"publisher": {"@type": "Organization", "name": "Ellery Courier"}}</script>'
)
_GERMAN = (
    "<p>Die Hafenbehörde von Port Ellery hat am Dienstag beschlossen, den nördlichen Kai für Reparaturen zu "
    "schließen. Die Hafenarbeiter sagten, dass sie dadurch drei Wochen Lohn verlieren würden.</p>"
    "<p>„Wir haben bis zur Abstimmung nichts erfahren“, sagte Mara Quist, die dort seit elf Jahren Schiffe "
    "entlädt. Die Behörde erklärte, der Kai sei für schwere Kräne nicht mehr sicher.</p>"
)
_PAYWALL = (
    "<p>Subscribe to continue reading.</p>"
)
_WESTERN = _BODY.replace("Mara Quist", "Mara Quisté").replace("crowns", "crowns (€)")


@dataclass(frozen=True)
class Expected:
    """What presslens must read from a page."""

    authors: tuple[str, ...] | None
    published: str | None
    published_from: str | None


# path -> (status, headers, body); the server adds nothing else.
Response = tuple[int, dict[str, str], bytes]
HTML = "text/html; charset=utf-8"


def site() -> dict[str, Response]:
    """Every fixed response of the test site (the slow and huge ones are made by the server)."""
    pages: dict[str, Response] = {
        "/news/quay-closure": (200, {"Content-Type": HTML}, article("Quay to close for repairs", head=_META).encode()),
        "/2024/05/17/ferry-timetable": (
            200, {"Content-Type": HTML},
            article("Ferry timetable changes", head='<meta name="author" content="Tom Vance">').encode(),
        ),
        "/news/ferry-fares": (
            200, {"Content-Type": HTML},
            article("Council split over ferry fares", head=_TWO_BYLINES,
                    byline="<p class='byline'>By Ana Ruiz and Ben Osei</p>").encode(),
        ),
        "/news/dateline": (
            200, {"Content-Type": HTML},
            article("Pier inspection ordered",
                    body="<p>Published 9 February 2024</p>" + _BODY,
                    head='<meta name="author" content="Lena Hart">').encode(),
        ),
        "/news/paywalled": (
            200, {"Content-Type": HTML},
            article("Exclusive: the quay report", head=_META, body=_PAYWALL).encode(),
        ),
        "/de/kai": (200, {"Content-Type": HTML}, article("Kai wird geschlossen", lang="de", body=_GERMAN).encode()),
        "/news/wrong-charset": (
            200, {"Content-Type": "text/html; charset=utf-8"},
            article("Quay workers protest", head=_META, body=_WESTERN, charset="utf-8").encode("cp1252"),
        ),
        "/news/report.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
        "/news/missing": (404, {"Content-Type": HTML}, b"<html><body>Not found</body></html>"),
        "/news/broken": (500, {"Content-Type": HTML}, b"<html><body>Server error</body></html>"),
        "/old/quay": (301, {"Location": "/news/quay-closure"}, b""),
        "/loop/a": (302, {"Location": "/loop/b"}, b""),
        "/loop/b": (302, {"Location": "/loop/a"}, b""),
        "/private/memo": (200, {"Content-Type": HTML}, article("Internal memo", head=_META).encode()),
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
    }
    pages["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, rss().encode())
    pages["/atom.xml"] = (200, {"Content-Type": "application/atom+xml"}, atom().encode())
    return pages


EXPECTED: dict[str, Expected] = {
    "/news/quay-closure": Expected(("Lena Hart",), "2024-03-05", "metadata"),
    "/2024/05/17/ferry-timetable": Expected(("Tom Vance",), "2024-05-17", "url"),
    "/news/ferry-fares": Expected(("Ana Ruiz", "Ben Osei"), "2024-04-11", "metadata"),
    "/news/dateline": Expected(("Lena Hart",), "2024-02-09", "text"),
    "/news/wrong-charset": Expected(("Lena Hart",), "2024-03-05", "metadata"),
}


def rss(base: str = "http://127.0.0.1") -> str:
    """An RSS 2.0 feed of three items (one older than the rest, for --since)."""
    items = [
        ("Quay to close for repairs", "/news/quay-closure", "Tue, 05 Mar 2024 08:00:00 +0000"),
        ("Council split over ferry fares", "/news/ferry-fares", "Thu, 11 Apr 2024 09:00:00 +0000"),
        ("Ferry timetable changes", "/2024/05/17/ferry-timetable", "Fri, 17 May 2024 07:30:00 +0000"),
    ]
    body = "".join(
        f"<item><title>{t}</title><link>{base}{p}</link><pubDate>{d}</pubDate></item>" for t, p, d in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Ellery Courier</title>'
        f"<link>{base}/</link><description>News from Port Ellery</description>{body}</channel></rss>"
    )


def atom(base: str = "http://127.0.0.1") -> str:
    """An Atom feed of one entry with an author."""
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Ellery Courier (Atom)</title><id>urn:ellery</id><updated>2024-03-05T08:00:00Z</updated>"
        f'<entry><title>Pier inspection ordered</title><link href="{base}/news/dateline"/><id>urn:pier</id>'
        "<updated>2024-02-09T10:00:00Z</updated><author><name>Lena Hart</name></author></entry></feed>"
    )
