"""Chrome's "Save as single file" (``.mhtml``/``.mht``): the page inside, read with ``email``.

An MHTML file is a MIME message (RFC 2557): a ``multipart/related`` whose root part is the page's
HTML, followed by its images, styles and frames. The standard library's ``email`` parser decodes
the parts (quoted-printable, base64, the declared charset); the importer reads the root HTML as
it reads a saved page. The other parts are named in what the importer did not take.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from archive_app.core.errors import ImportFailure

__all__ = ["MhtmlPage", "read_mhtml"]


@dataclass(frozen=True)
class MhtmlPage:
    html: str
    url: str | None  # the address the file says the page was saved from
    other_parts: int  # images, styles, frames: not statement text


def _root_part(message: EmailMessage) -> EmailMessage | None:
    if not message.is_multipart():
        return message if message.get_content_type() == "text/html" else None
    start = message.get_param("start")
    parts = [p for p in message.walk() if not p.is_multipart()]
    if isinstance(start, str):
        wanted = start.strip().strip("<>")
        for part in parts:
            if str(part.get("Content-ID", "")).strip().strip("<>") == wanted:
                return part
    return next((p for p in parts if p.get_content_type() == "text/html"), None)


def read_mhtml(raw: bytes, path: Path) -> MhtmlPage:
    """The root HTML of an MHTML file; :class:`ImportFailure` naming the file if there is none."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if message.get_content_maintype() != "multipart" and message.get_content_type() != "text/html":
        raise ImportFailure(
            "not an MHTML file (a web page saved as a single file): no multipart/related "
            "message with an HTML page in it",
            path,
            1,
        )
    root = _root_part(message)
    if root is None:
        raise ImportFailure("the MHTML file holds no HTML page (text/html part)", path, 1)
    try:
        content = root.get_content()
    except (LookupError, UnicodeDecodeError, ValueError) as exc:
        raise ImportFailure(f"cannot decode the page inside the MHTML file: {exc}", path) from None
    if not isinstance(content, str):
        raise ImportFailure("the page inside the MHTML file is not text", path)
    others = sum(1 for p in message.walk() if not p.is_multipart()) - 1
    url = message.get("Snapshot-Content-Location") or root.get("Content-Location")
    return MhtmlPage(content, str(url).strip() if url else None, max(0, others))
