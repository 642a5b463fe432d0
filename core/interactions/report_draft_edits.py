"""What each input does to a report draft: files, text, places, and why something is refused.

Nothing a correspondent sends is dropped: a file or a place is kept at any step, text sent
after the text step is added to the text, and what cannot be kept is refused with the reason
(never cut to fit) while the rest of the draft stays as it was.
"""

from __future__ import annotations

from typing import Any

from core.domain.report_files import MAX_ATTACHMENTS, MAX_FILE_SIZE, FileRefusal, refusal
from core.domain.reports import MAX_REPORT_TEXT
from core.i18n import Translator
from core.interactions.model import SharedFile, SharedLocation
from core.services.reports import on_earth


def add_file(t: Translator, data: dict[str, Any], file: SharedFile, channel: str) -> list[str]:
    """Attach a file (or say why not); its caption joins the text. Return what to tell."""
    attachments = list(data.get("attachments") or ())
    why = refusal(file.kind, file.filename, file.mime_type, file.size, len(attachments))
    notes: list[str] = []
    if why is None:
        attachments.append(
            {
                "kind": file.kind,
                "channel": channel,
                "file_ref": file.file_ref,
                "filename": file.filename,
                "mime_type": file.mime_type,
                "size": file.size,
            }
        )
        data["attachments"] = attachments
        notes.append(t("File received ({count} in all).", count=len(attachments)))
    else:
        notes.append(refusal_text(t, why, file))
    if file.caption.strip():
        notes.append(add_text(t, data, file.caption))
    return notes


def refusal_text(t: Translator, why: FileRefusal, file: SharedFile) -> str:
    name = file.filename or file.kind
    if why is FileRefusal.TOO_BIG:
        return t(
            "{name} is too big: files up to {mb} MB only. The rest of your report is kept.",
            name=name,
            mb=MAX_FILE_SIZE // (1024 * 1024),
        )
    if why is FileRefusal.TOO_MANY:
        return t(
            "A report takes at most {count} files: {name} was not added. The rest is kept.",
            count=MAX_ATTACHMENTS,
            name=name,
        )
    if why is FileRefusal.PROGRAM:
        return t(
            "{name} looks like a program: I cannot attach it. The rest of your report is kept.",
            name=name,
        )
    return t(
        "I cannot attach this kind of file ({kind}): send photos, videos, audio or documents. "
        "The rest of your report is kept.",
        kind=file.kind,
    )


def add_text(t: Translator, data: dict[str, Any], text: str) -> str:
    """Add text after the text step (a long message arrives in several parts)."""
    current = str(data.get("text") or "")
    combined = f"{current}\n\n{text}" if current else text
    if len(combined) > MAX_REPORT_TEXT:
        return t(
            "This would make your text {length} characters long; the limit is {limit}. "
            "I did not add it: send it shorter, or attach it as a document. Your draft is kept.",
            length=len(combined),
            limit=MAX_REPORT_TEXT,
        )
    data["text"] = combined
    return t("Added to your text.")


def set_location(t: Translator, data: dict[str, Any], place: SharedLocation) -> str | None:
    """Keep a place on Earth; None (nothing kept) for coordinates outside it."""
    if not on_earth(place.latitude, place.longitude):
        return None
    data["latitude"], data["longitude"] = place.latitude, place.longitude
    return t("Location received.")


def off_earth(t: Translator, place: SharedLocation, *, draft: bool = True) -> str:
    """Why a place outside the Earth is not kept."""
    refused = t(
        "{lat}, {lon} is not a place on Earth: a latitude is between -90 and 90, a longitude "
        "between -180 and 180.",
        lat=place.latitude,
        lon=place.longitude,
    )
    kept = t("Your draft is kept.")
    return " ".join((refused, kept)) if draft else refused


def too_long(t: Translator, what: str, length: int, limit: int) -> str:
    if what == "title":
        return t(
            "A title has at most {limit} characters; this one has {length}. "
            "Send a shorter title: your draft is kept.",
            limit=limit,
            length=length,
        )
    return t(
        "A report text has at most {limit} characters; this one has {length}. Send a shorter text, "
        "or attach it as a document: your draft is kept.",
        limit=limit,
        length=length,
    )


def one_step_title(text: str, limit: int = 80) -> str:
    """A title for `/report <text>`: its first line, shortened at a word if long."""
    first = text.strip().splitlines()[0].strip() if text.strip() else ""
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"
