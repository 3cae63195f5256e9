"""Endpoint groups, and how a group method declares the endpoint it calls.

A declaration is a decorator on the method that calls it::

    class MetersGroup(Group):
        @read("/meters/aggregates", firmware="502 while the system is stopped.")
        async def aggregates(self) -> MetersAggregates:
            \"\"\"Instantaneous power at the site, battery, load and solar meters.\"\"\"
            return await self._call(self.aggregates)

The decorator gives what only it knows (HTTP method, path relative to ``/api``, who may call it,
firmware notes); the rest comes from where it stands: the group from the class
(``MetersGroup`` is ``pw.meters``), the name from the method, the model from the return
annotation (``X | None`` is ``X``: a write's empty answer reads as ``None``), the doc from the
docstring's first paragraph. A method that reaches two paths (one with a path parameter, one
without) carries two decorators; ``_call`` picks the one whose parameters the arguments fill.
"""

from __future__ import annotations

import inspect
import re
import types
import typing
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import attrs

from .._endpoint import Endpoint

if TYPE_CHECKING:
    from .._session import Session

__all__ = ["NO_SAMPLE", "RESTRICTED", "STOPPED_502", "Group", "action", "group_name", "read"]

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Awaitable[Any]])

STOPPED_502 = "502 (SitemasterStoppedError) while the system is stopped."
RESTRICTED = "Still served by restricted gateways (Powerwall 3)."
NO_SAMPLE = "No sample answer is known; the decoded JSON is in UndocumentedAnswer.data."

_DECLARED = "_endpoint_declarations"
"""The attribute of a decorated function listing its declarations (topmost first)."""


@attrs.frozen
class _Declared:
    method: str
    path: str
    options: dict[str, Any]

    def endpoint(self, group: str, function: Callable[..., Any]) -> Endpoint[Any]:
        options = dict(self.options)
        if not options["doc"]:
            options["doc"] = _summary(function)
        model = _model(function)
        return Endpoint(group, function.__name__, self.method, self.path, model, **options)


def _declare(method: str, path: str, **options: Any) -> Callable[[F], F]:
    def decorate(function: F) -> F:
        declared: list[_Declared] = function.__dict__.setdefault(_DECLARED, [])
        declared.insert(0, _Declared(method, path, options))  # decorators apply bottom-up
        return function

    return decorate


def read(
    path: str,
    *,
    auth: str = "customer",
    firmware: str = "",
    doc: str = "",
    decode: Callable[[bytes], Any] | None = None,
    method: str = "GET",
    root: str = "/api",
) -> Callable[[F], F]:
    """A call that only reads: safe to repeat, its answer may be cached and shared.

    ``decode`` replaces JSON decoding for a binary body (the vitals' protobuf). ``method``
    is ``POST`` only for TEDAPI, whose queries travel in POST bodies; ``root`` is what
    ``path`` is relative to (``""`` for ``/tedapi/...``).
    """
    options = {"auth": auth, "firmware": firmware, "doc": doc, "decode": decode, "root": root}
    return _declare(method, path, retry=True, side_effects=False, **options)


def action(
    method: str,
    path: str,
    *,
    auth: str = "customer",
    firmware: str = "",
    doc: str = "",
    root: str = "/api",
) -> Callable[[F], F]:
    """A call that changes the system's state (a write, or a GET like ``sitemaster/stop``):
    never repeated automatically, and it clears cached answers."""
    return _declare(
        method,
        path,
        auth=auth,
        retry=False,
        side_effects=True,
        firmware=firmware,
        doc=doc,
        root=root,
    )


def _summary(function: Callable[..., Any]) -> str:
    text = inspect.cleandoc(function.__doc__ or "")
    return " ".join(text.split("\n\n", 1)[0].split())


def _model(function: Callable[..., Any]) -> Any:
    returned = typing.get_type_hints(function)["return"]
    if returned is type(None):
        return None
    if isinstance(returned, types.UnionType):  # ``X | None``: the model is X
        kept = [arg for arg in typing.get_args(returned) if arg is not type(None)]
        return kept[0] if len(kept) == 1 else returned
    return returned


def group_name(class_name: str) -> str:
    """``SystemStatusGroup`` → ``system_status``: the client's attribute for the group."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", class_name.removesuffix("Group")).lower()


class Group:
    """A namespace of endpoint methods (``pw.meters``, ``pw.sitemaster``, ...)."""

    __slots__ = ("_session",)

    group: ClassVar[str] = ""
    """The client's attribute for it (``meters`` for ``pw.meters``)."""
    endpoints: ClassVar[tuple[Endpoint[Any], ...]] = ()
    """Its declarations, in the order of its methods."""
    _by_call: ClassVar[dict[tuple[str, int], Endpoint[Any]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.group = group_name(cls.__name__)
        cls.endpoints = tuple(
            declared.endpoint(cls.group, member)
            for member in vars(cls).values()
            for declared in getattr(member, _DECLARED, ())
        )
        cls._by_call = {(e.name, len(e.parameters)): e for e in cls.endpoints}
        if len(cls._by_call) != len(cls.endpoints):
            raise TypeError(f"{cls.__name__}: a method declares two paths with as many parameters")

    def __init__(self, session: Session) -> None:
        self._session = session

    def __repr__(self) -> str:
        return f"<{type(self).__name__} endpoints>"

    @classmethod
    def declaration(cls, name: str, arguments: int = 0) -> Endpoint[Any]:
        """The endpoint method ``name`` calls with ``arguments`` path arguments."""
        try:
            return cls._by_call[name, arguments]
        except KeyError:
            raise LookupError(f"pw.{cls.group}.{name} declares no such endpoint") from None

    async def _call(
        self, method: Callable[..., Awaitable[T]], *args: str, body: object = None
    ) -> T:
        """Send the request ``method`` (a method of this group) declares, decoded into its
        model."""
        endpoint = self.declaration(method.__name__, len(args))
        result: T = await self._session.call(endpoint, *args, body=body)
        return result
