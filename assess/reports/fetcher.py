"""The only door WeasyPrint has to the outside: files in our own report asset folders, nothing else.

WeasyPrint's default fetcher reads any file:// path and any network URL, so a report holding
`<link rel=attachment href=file:///etc/passwd>` would carry that file inside the PDF. Every render
goes through `AssetFetcher`, which serves regular files inside the allowed folders of the reports
directory and refuses everything else (refusals are logged and remembered, never fatal: the
resource is simply missing from the PDF).
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

LOG = logging.getLogger(__name__)

# Sub-folders of the reports directory a PDF may load from; templates are not among them.
SERVED_FOLDERS = ("css", "fonts", "assets")

# Font files are not in every system's mimetypes table.
CONTENT_TYPES = {
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".svg": "image/svg+xml",
}


class RefusedFetch(ValueError):
    """A resource outside the report assets was asked for and refused."""


class AssetFetcher(URLFetcher):
    """Serves files under the reports directory's asset folders; refuses every other URL."""

    def __init__(self, reports_dir: Path) -> None:
        super().__init__(timeout=1, allowed_protocols=("file",), allow_redirects=False)
        root = Path(reports_dir).resolve(strict=True)
        self.roots = tuple(root / name for name in SERVED_FOLDERS)
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        """Return the asset `url` names, or raise `RefusedFetch` (WeasyPrint logs and skips it)."""
        path = self._allowed_path(url)
        if path is None:
            self.refused.append(url)
            LOG.warning("report fetcher refused %s", url[:200])
            raise RefusedFetch(f"not a report asset: {url[:200]}")
        self.served.append(url)
        content_type = CONTENT_TYPES.get(path.suffix.lower()) or (
            mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        )
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )

    def _allowed_path(self, url: str) -> Path | None:
        """The real file `url` points to when it is a regular file inside an asset folder."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        try:
            # resolve() follows symlinks, so a link pointing out of the folder lands outside it.
            path = Path(url2pathname(parts.path)).resolve(strict=True)
        except (OSError, ValueError):
            return None
        inside = any(path.is_relative_to(root) for root in self.roots)
        return path if inside and path.is_file() else None
