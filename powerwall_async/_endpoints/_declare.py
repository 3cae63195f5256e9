"""How endpoints are declared: reads, state changes, and the notes they share."""

from __future__ import annotations

from typing import Any, TypeVar

from .._endpoint import Endpoint

__all__ = ["NO_SAMPLE", "STOPPED_502", "UNDOCUMENTED", "action", "action_returning", "read"]

T = TypeVar("T")

STOPPED_502 = "502 (SitemasterStoppedError) while the system is stopped."
NO_SAMPLE = "No sample answer is known; the decoded JSON is in UndocumentedAnswer.data."
UNDOCUMENTED = "Undocumented: the request body is passed through as given."


def read(group: str, name: str, path: str, model: type[T], doc: str, **options: Any) -> Endpoint[T]:
    """A read, safe to repeat."""
    return Endpoint(group, name, "GET", path, model, doc=doc, **options)


def action(
    group: str, name: str, method: str, path: str, doc: str, **options: Any
) -> Endpoint[None]:
    """A state change whose answer is not decoded: never repeated, clears cached answers."""
    return Endpoint(
        group, name, method, path, None, retry=False, side_effects=True, doc=doc, **options
    )


def action_returning(
    group: str, name: str, method: str, path: str, model: type[T], *, doc: str, **options: Any
) -> Endpoint[T | None]:
    """A state change whose answer is decoded into ``model`` (None if it comes without a body:
    the change was made, so an empty answer must not read as a failure)."""
    return Endpoint(
        group, name, method, path, model, retry=False, side_effects=True, doc=doc, **options
    )
