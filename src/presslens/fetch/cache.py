"""A folder of fetched pages, so a rerun analyses the same bytes and a study can be reproduced.

Why a folder of files: one gzip file per page plus a small JSON record (the
address asked for, where it ended after redirects, when it was fetched, the
content type) can be archived with a study, read with standard tools and
shared between runs and stores. The record is written after the body, each by
an atomic rename, so a page is either cached whole or not at all.

    <cache>/<2 hex>/<sha256 of the address>.json   the record
    <cache>/<2 hex>/<sha256 of the address>.gz     the body, gzip-compressed

The default folder is `$PRESSLENS_CACHE`, else `$XDG_CACHE_HOME/presslens/pages`,
else `~/.cache/presslens/pages`.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import secrets
from pathlib import Path

from .http import Fetched

CACHE_ENV = "PRESSLENS_CACHE"


def default_cache() -> Path:
    """Where fetched pages are kept unless `--cache` says otherwise."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "presslens" / "pages"


class PageCache:
    """Fetched pages under one folder, keyed by the address asked for."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
        folder = self.root / key[:2]
        return folder / f"{key}.json", folder / f"{key}.gz"

    def get(self, url: str) -> Fetched | None:
        """The cached page for `url`, or None (absent, or unreadable: it is fetched again)."""
        record_path, body_path = self._paths(url)
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
            body = gzip.decompress(body_path.read_bytes())
            if record.get("url") != url:
                return None
            return Fetched(
                url=url,
                final_url=record["final_url"],
                status=int(record["status"]),
                content_type=record["content_type"],
                charset=record.get("charset"),
                body=body,
                fetched_at=dt.datetime.fromisoformat(record["fetched_at"]),
                redirects=list(record.get("redirects") or []),
                content_language=record.get("content_language"),
                from_cache=True,
            )
        except (OSError, ValueError, KeyError, TypeError, EOFError):
            return None

    def put(self, page: Fetched) -> None:
        """Keep `page` (replacing an older copy); a cache that cannot be written is an OSError for the caller."""
        record_path, body_path = self._paths(page.url)
        record_path.parent.mkdir(parents=True, exist_ok=True)
        record = {
            "url": page.url,
            "final_url": page.final_url,
            "redirects": page.redirects,
            "status": page.status,
            "content_type": page.content_type,
            "charset": page.charset,
            "content_language": page.content_language,
            "fetched_at": page.fetched_at.isoformat(),
            "bytes": len(page.body),
        }
        _atomic_write(body_path, gzip.compress(page.body, mtime=0))
        _atomic_write(record_path, json.dumps(record, indent=1).encode("utf-8"))


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
