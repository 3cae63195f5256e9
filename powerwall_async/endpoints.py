"""Every endpoint the library declares, for tools built on it (the CLI's ``endpoints`` and
``record``, the docs, an integration's diagnostics).

>>> from powerwall_async import endpoints
>>> [e.qualified_name for e in endpoints.every() if e.method == "GET" and not e.side_effects]
['status.get', 'meters.get', 'meters.aggregates', ...]

Each endpoint is an :class:`Endpoint`: its method and path, the model its answer becomes,
whether it needs a login, whether repeating it is harmless. They are declared beside the
methods that call them (``powerwall_async/api/<group>.py``); :func:`every` imports every group,
:func:`named` only the one it names.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._endpoint import Endpoint
from .api._namespace import Namespace

if TYPE_CHECKING:
    from .api._group import Group

__all__ = ["Endpoint", "every", "find", "groups", "method_of", "named"]


def _namespaces() -> dict[str, Namespace[Group]]:
    from ._client import Powerwall

    return {name: ns for name, ns in vars(Powerwall).items() if isinstance(ns, Namespace)}


@functools.cache
def groups() -> tuple[type[Group], ...]:
    """The client's endpoint groups (``pw.status``'s class first), in the client's order."""
    return tuple(namespace.load() for namespace in _namespaces().values())


@functools.cache
def every() -> tuple[Endpoint[Any], ...]:
    """Every declared endpoint: ``pw.login()``'s and ``pw.logout()``'s, then each group's."""
    from .api.session import LOGIN, LOGOUT

    return (LOGIN, LOGOUT, *(endpoint for group in groups() for endpoint in group.endpoints))


def find(method: str, path: str) -> Endpoint[Any] | None:
    """The endpoint a request (``GET``, ``/api/meters/X/cts``) calls, if it is declared."""
    return next((e for e in every() if e.matches(method, path)), None)


def named(qualified_name: str, arguments: int = 0) -> Endpoint[Any]:
    """The endpoint ``pw.<group>.<name>()`` calls (``"system_status.grid_status"``) with
    ``arguments`` path arguments. Imports only that group."""
    group, _, name = qualified_name.partition(".")
    namespace = _namespaces().get(group)
    if namespace is None:
        raise LookupError(f"no endpoint group pw.{group}")
    return namespace.load().declaration(name, arguments)


def method_of(endpoint: Endpoint[Any]) -> Callable[..., Any]:
    """The public method that calls ``endpoint`` (a ``Powerwall`` method for log in and out)."""
    from ._client import Powerwall

    owner: type[Any] = Powerwall
    if endpoint.group:
        owner = _namespaces()[endpoint.group].load()
    method: Callable[..., Any] = getattr(owner, endpoint.name)
    return method
