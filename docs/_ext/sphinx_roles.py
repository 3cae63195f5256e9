"""A griffe extension for the docs build: the library's Sphinx-style markup, read as Markdown.

The docstrings use a few reStructuredText habits: cross-reference roles such as
``:class:`~powerwall_async.transports.Transport``` and a paragraph ending in ``::`` before a
literal block. mkdocstrings renders Markdown, where the roles would show as raw text: this
turns each role into inline code (the last component of the name when the target starts with
``~``, as Sphinx shows it) and ``::`` into ``:``. The indented block that follows is already a
code block in Markdown.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(?:class|meth|func|mod|data|attr|exc|obj):`(~?)([^`]+)`")
_LITERAL_BLOCK = re.compile(r"(?<=\S)::(?=\n\s*\n)")


def _as_code(match: re.Match[str]) -> str:
    tilde, target = match.groups()
    return f"`{target.rsplit('.', 1)[-1] if tilde else target}`"


def markdown(text: str) -> str:
    """The docstring with the roles as inline code and ``::`` as ``:``."""
    return _LITERAL_BLOCK.sub(":", _ROLE.sub(_as_code, text))


class SphinxRoles(griffe.Extension):
    """Rewrites every docstring once griffe has loaded its object."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown(obj.docstring.value)
