"""RFC 5545 content lines as bytes: TEXT escaping and folding, written the way python-icalendar does.

Feeds are written here rather than through icalendar's object model because a build writes
hundreds of thousands of lines and icalendar folds each one character by character. The bytes
are the same as icalendar 7 writes (tests/test_contentlines.py holds the icalendar-built oracle):

- TEXT escaping: ``\\`` ``;`` ``,`` are escaped, line breaks become ``\\n`` (and a literal ``\\N``
  first becomes a line break, as icalendar does).
- Folding: a line is cut before the character that would make it reach 75 octets, never inside a
  UTF-8 character; a cut that would leave a ``\\`` or ``^`` at the end of a line moves that
  character to the next line (escapes stay whole, icalendar issue #1501). Each continuation starts
  with one space; lines end in CRLF.
"""

from __future__ import annotations

from datetime import timedelta

LIMIT = 75  # octets: a chunk may hold at most LIMIT - 1 (icalendar's `>=` test)
CRLF = b"\r\n"
_FOLD = b"\r\n "
_ESCAPE_AT_END = b"\\^"


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11); replacement order as in icalendar, so nothing is escaped twice."""
    if "\\" not in text and ";" not in text and "," not in text and "\r" not in text:
        return text.replace("\n", r"\n")  # the usual case: only line breaks to escape
    return (
        text.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def fold(line: bytes) -> bytes:
    """One unfolded UTF-8 content line → folded, with its CRLF; one pass over the bytes."""
    size = len(line)
    if size < LIMIT:
        return line + CRLF
    chunks = []
    start = 0
    while size - start >= LIMIT:
        cut = start + LIMIT - 1
        while line[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back to the character's start
            cut -= 1
        if cut - 1 > start and line[cut - 1] in _ESCAPE_AT_END:
            cut -= 1
        chunks.append(line[start:cut])
        start = cut
    chunks.append(line[start:])
    return _FOLD.join(chunks) + CRLF


def text_line(name: str, value: str) -> bytes:
    """NAME:escaped value, folded."""
    return fold(f"{name}:{escape_text(value)}".encode())


def list_line(name: str, values: list[str]) -> bytes:
    """A property of several TEXT values (CATEGORIES), comma-separated, folded."""
    return fold(f"{name}:{','.join(escape_text(v) for v in values)}".encode())


def raw_line(line: str) -> bytes:
    """A line whose value needs no escaping (dates, numbers, fixed words), folded."""
    return fold(line.encode())


def duration(delta: timedelta) -> str:
    """A DURATION value (RFC 5545 3.3.6) as icalendar writes it: -P1DT15H, PT9H, P1D."""
    sign = "-" if delta.days < 0 else ""
    delta = -delta if delta.days < 0 else delta
    hours, rest = divmod(delta.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    time = ""
    if delta.seconds:
        time = "T" + (f"{hours}H" if hours else "")
        time += f"{minutes}M" if minutes or (hours and seconds) else ""
        time += f"{seconds}S" if seconds else ""
    if delta.days == 0 and time:
        return f"{sign}P{time}"
    return f"{sign}P{delta.days}D{time}"
