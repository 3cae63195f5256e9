"""Text that came from the network, made safe for a terminal.

A gateway (or anything posing as one) chooses the strings it answers: names, error messages,
serial numbers. Printed as they are, ``\\x1b]0;...`` would retitle the terminal and
``\\x1b[2J`` clear it. :func:`printable` removes every control character (escape sequences
included) and shortens what is too long to be a message.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MAX_MESSAGE", "printable"]

MAX_MESSAGE = 300
"""Characters of a gateway-supplied message that are shown; the rest is cut."""

_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clearing
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window titles, hyperlinks
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b.?"  # any other escape
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)


def _is_control(character: str) -> bool:
    category = unicodedata.category(character)
    return category in ("Cc", "Cf", "Zl", "Zp") and character not in "\n\t"


def printable(text: str, *, limit: int | None = MAX_MESSAGE, keep_newlines: bool = False) -> str:
    """``text`` without escape sequences or control characters, cut to ``limit`` characters.

    Newlines and tabs become spaces unless ``keep_newlines`` (for multi-line output).
    """
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = "".join(character for character in text if not _is_control(character))
    if not keep_newlines:
        text = text.replace("\n", " ").replace("\t", " ")
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text
