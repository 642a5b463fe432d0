"""Which files a field report keeps, and which it refuses (and why)."""

from __future__ import annotations

from enum import StrEnum

MAX_ATTACHMENTS = 10
MAX_FILE_SIZE = 20 * 1024 * 1024  # what a Telegram bot can download
MAX_BRIDGED = MAX_FILE_SIZE  # copied from Telegram into Slack (Slack itself takes up to 1 GB)
SUPPORTED_KINDS = frozenset({"photo", "document", "video", "audio", "voice"})

# Documents we refuse whatever their name: programs and scripts are not field material.
REFUSED_EXTENSIONS = frozenset(
    {".exe", ".bat", ".cmd", ".com", ".msi", ".scr", ".js", ".vbs", ".ps1", ".sh", ".apk", ".jar"}
)
REFUSED_MIME_PREFIXES = ("application/x-msdownload", "application/x-sh", "application/x-executable")


class FileRefusal(StrEnum):
    KIND = "kind"
    PROGRAM = "program"
    TOO_BIG = "too_big"
    TOO_MANY = "too_many"


def refusal(
    kind: str, filename: str | None, mime_type: str | None, size: int | None, already: int
) -> FileRefusal | None:
    """Why this file cannot be attached to a report, or None when it can."""
    if kind not in SUPPORTED_KINDS:
        return FileRefusal.KIND
    name = (filename or "").lower()
    if any(name.endswith(ext) for ext in REFUSED_EXTENSIONS) or (mime_type or "").startswith(
        REFUSED_MIME_PREFIXES
    ):
        return FileRefusal.PROGRAM
    if size is not None and size > MAX_FILE_SIZE:
        return FileRefusal.TOO_BIG
    if already >= MAX_ATTACHMENTS:
        return FileRefusal.TOO_MANY
    return None
