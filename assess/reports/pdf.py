"""HTML to PDF through WeasyPrint, with our fetcher, a provenance stamp and reproducible bytes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from weasyprint import HTML

from assess.reports.fetcher import AssetFetcher

SHA256_HEX = re.compile(r"[0-9a-f]{64}")
# Tagged for screen readers (structure tree, reading order); custom metadata carries the stamp.
PDF_OPTIONS = {"pdf_tags": True, "custom_metadata": True}


@dataclass(frozen=True)
class PdfStamp:
    """What a PDF says about where it came from: written into its document information."""

    title: str
    questionnaire_id: str
    questionnaire_version: str
    scoring_version: str
    data_sha256: str
    generated_at: datetime
    lang: str = "en"
    author: str = ""

    def __post_init__(self) -> None:
        if not SHA256_HEX.fullmatch(self.data_sha256):
            raise ValueError(f"data_sha256 must be 64 lowercase hex digits: {self.data_sha256!r}")
        if self.generated_at.tzinfo is None:
            raise ValueError("generated_at must carry a time zone (UTC preferred)")

    @property
    def w3c_time(self) -> str:
        """The generation time in UTC, as WeasyPrint's metadata expects it."""
        return self.generated_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def custom_fields(self) -> dict[str, str]:
        """The stamp entries added to the PDF's document information dictionary."""
        return {
            "QuestionnaireId": self.questionnaire_id,
            "QuestionnaireVersion": self.questionnaire_version,
            "ScoringVersion": self.scoring_version,
            "DataSHA256": self.data_sha256,
            "GeneratedAt": self.w3c_time,
        }

    def identifier(self) -> bytes:
        """A file identifier derived from the stamp, so the same inputs give the same /ID."""
        text = "\n".join([self.title, *self.custom_fields().values()])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32].encode("ascii")


def render_pdf(
    html: str, *, base_dir: Path, metadata: PdfStamp, fetcher: AssetFetcher | None = None
) -> bytes:
    """The PDF of `html`, loading assets only from `base_dir` (the reports folder)."""
    fetcher = fetcher or AssetFetcher(base_dir)
    base_url = Path(base_dir).resolve().as_uri() + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()
    info = document.metadata
    # A report never carries attachments, whatever its HTML says.
    info.attachments = []
    info.title = metadata.title
    info.authors = [metadata.author] if metadata.author else []
    info.description = f"{metadata.questionnaire_id} {metadata.questionnaire_version}"
    info.keywords = []
    info.generator = "assess"
    # Dates come from the stamp, never the clock, so identical inputs give identical bytes.
    info.created = metadata.w3c_time
    info.modified = metadata.w3c_time
    info.lang = metadata.lang
    info.custom = metadata.custom_fields()
    return document.write_pdf(**PDF_OPTIONS, pdf_identifier=metadata.identifier())
