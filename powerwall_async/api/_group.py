"""The base of every endpoint group: a small object holding the session."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .._session import Session

__all__ = ["Group"]


class Group:
    """A namespace of endpoint methods (``pw.meters``, ``pw.sitemaster``, ...)."""

    __slots__ = ("_session",)

    def __init__(self, session: Session) -> None:
        self._session = session

    def __repr__(self) -> str:
        return f"<{type(self).__name__} endpoints>"
