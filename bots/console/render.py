"""Render a Reply for a terminal: plain text, bold on a TTY, numbered buttons, saved files."""

from __future__ import annotations

from pathlib import Path

from core.interactions.charts import drawn_now
from core.interactions.model import Button, Reply, Span

BOLD, ITALIC, RESET = "\033[1m", "\033[3m", "\033[0m"


def render_span(span: Span, *, color: bool) -> str:
    if span.style == "link" and span.url:
        return f"{span.text} <{span.url}>" if span.text != span.url else span.url
    if color and span.style == "bold":
        return f"{BOLD}{span.text}{RESET}"
    if color and span.style == "italic":
        return f"{ITALIC}{span.text}{RESET}"
    return span.text


def render(
    reply: Reply, *, first_button: int, files_dir: Path, color: bool
) -> tuple[str, list[Button]]:
    """Return the text to print and the buttons it numbered (from `first_button`)."""
    lines = ["".join(render_span(span, color=color) for span in para) for para in reply.paragraphs]
    numbered: list[Button] = []
    for row in reply.buttons:
        cells = []
        for button in row:
            numbered.append(button)
            cells.append(f"[:{first_button + len(numbered) - 1}] {button.label}")
        lines.append("   ".join(cells))
    for out in reply.files:
        files_dir.mkdir(parents=True, exist_ok=True)
        target = files_dir / Path(out.filename).name
        target.write_bytes(drawn_now(out))
        lines.append(f"📎 {target}")
    return "\n".join(lines), numbered
