"""Every endpoint the library declares, for tools built on it (the CLI's ``endpoints`` and
``record``, the docs, an integration's diagnostics), and :func:`probe`, which asks a gateway
whether it answers one (``pw.capabilities()`` is that probe over one endpoint per group).

    from powerwall_async import endpoints

    reads = [e for e in endpoints.every() if e.method == "GET" and not e.side_effects]
    found = await endpoints.probe(pw, endpoints.named("meters.aggregates"))

Each endpoint is an :class:`Endpoint`: its method and path, the model its answer becomes,
whether it needs a login, whether repeating it is harmless. They are declared beside the
methods that call them (``powerwall_async/api/<group>.py``); :func:`every` imports every group,
:func:`named` only the one it names.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from ._endpoint import Endpoint
from ._errors import (
    AccessDeniedError,
    ApiError,
    AuthenticationError,
    EndpointNotSupportedError,
    RateLimitedError,
    ResponseFormatError,
)
from .api._namespace import Namespace

if TYPE_CHECKING:
    from ._client import Powerwall
    from .api._group import Group
    from .models.capabilities import GroupSupport

__all__ = ["Endpoint", "Probe", "every", "find", "groups", "method_of", "named", "probe"]


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


@attrs.frozen(kw_only=True)
class Probe:
    """How a gateway answered an endpoint's typed call, or why it was not asked."""

    endpoint: Endpoint[Any]
    support: GroupSupport | None
    """``None`` when it was not asked (``detail`` says why)."""
    status: int | None = None
    """The HTTP status seen (200 for an answer, also one its model rejects)."""
    detail: str = ""
    answer: Any = attrs.field(default=None, repr=False)
    """The typed answer, when there was one."""


def _not_probed(endpoint: Endpoint[Any]) -> str | None:
    if endpoint.root != "/api":
        return "TEDAPI (needs the gateway password or a v1r key)"
    if endpoint.side_effects:
        return "has side effects"
    if endpoint.method != "GET":
        return f"a {endpoint.method}"
    if endpoint.parameters:
        return "needs " + ", ".join(f"{{{name}}}" for name in endpoint.parameters)
    return None


async def probe(pw: Powerwall, endpoint: Endpoint[Any]) -> Probe:
    """Call ``endpoint`` through its method (``pw.meters.aggregates()``), as an application
    would, and classify what happened. Only GETs without side effects or path parameters are
    sent; for the others the probe says why not.

    An answer the model rejects (an empty body, say) is ``FAILING``, not ``AVAILABLE``: the
    endpoint exists but the call does not work. Authentication and rate-limit errors are
    raised: they say nothing about the endpoint.
    """
    from .models.capabilities import GroupSupport  # the models load with their first use

    reason = _not_probed(endpoint)
    if reason is not None:
        return Probe(endpoint=endpoint, support=None, detail=reason)
    call = getattr(getattr(pw, endpoint.group), endpoint.name)
    try:
        answer = await call()
    except EndpointNotSupportedError as exc:
        return Probe(endpoint=endpoint, support=GroupSupport.NOT_SUPPORTED, status=exc.status)
    except (AuthenticationError, RateLimitedError):
        raise
    except AccessDeniedError as exc:
        return Probe(endpoint=endpoint, support=GroupSupport.DENIED, status=exc.status)
    except ApiError as exc:
        failing = GroupSupport.FAILING
        detail = exc.error or exc.message
        return Probe(endpoint=endpoint, support=failing, status=exc.status, detail=detail)
    except ResponseFormatError:
        detail = "an answer its model rejects"
        return Probe(endpoint=endpoint, support=GroupSupport.FAILING, status=200, detail=detail)
    return Probe(endpoint=endpoint, support=GroupSupport.AVAILABLE, status=200, answer=answer)
