"""``powerwall-async endpoints``: every documented endpoint, and whether this gateway answers.

Only GETs without side effects and without path parameters are sent, one at a time; the
others are listed as not probed, with the reason.
"""

from __future__ import annotations

from typing import Any

import attrs
from rich.table import Table
from rich.text import Text

from .. import (
    AccessDeniedError,
    ApiError,
    AuthenticationError,
    EndpointNotSupportedError,
    Powerwall,
    RateLimitedError,
    ResponseFormatError,
)
from .. import endpoints as registry
from ..endpoints import Endpoint
from ._command import gateway_command
from ._connect import run_on_gateway
from ._options import Settings
from ._output import JsonOption, console, print_json

__all__ = ["endpoints", "probe_endpoints"]

_STYLES = {
    "answers": "green",
    "not_supported": "yellow",
    "denied": "magenta",
    "error": "red",
    "not_probed": "dim",
}


@attrs.frozen(kw_only=True)
class Probe:
    """What one endpoint did (or why it was not asked)."""

    method: str
    path: str
    call: str
    result: str
    """``answers``, ``not_supported``, ``denied``, ``error`` or ``not_probed``."""
    status: int | None = None
    detail: str = ""


def _call(endpoint: Endpoint[Any]) -> str:
    arguments = ", ".join(endpoint.parameters)
    name = endpoint.qualified_name.lstrip(".")
    return f"pw.{name}({arguments})"


def _unprobed_reason(endpoint: Endpoint[Any]) -> str | None:
    if endpoint.side_effects:
        return "has side effects"
    if endpoint.method != "GET":
        return f"a {endpoint.method}"
    if endpoint.parameters:
        return "needs " + ", ".join(f"{{{name}}}" for name in endpoint.parameters)
    return None


async def _probe(pw: Powerwall, endpoint: Endpoint[Any]) -> Probe:
    found = Probe(
        method=endpoint.method, path="/api" + endpoint.path, call=_call(endpoint), result=""
    )
    reason = _unprobed_reason(endpoint)
    if reason is not None:
        return attrs.evolve(found, result="not_probed", detail=reason)
    try:
        await pw.request("GET", endpoint.url_path())
    except EndpointNotSupportedError:
        return attrs.evolve(found, result="not_supported", status=404)
    except (AuthenticationError, RateLimitedError):
        raise  # the probe says nothing about the gateway then
    except AccessDeniedError:
        return attrs.evolve(found, result="denied", status=403)
    except ApiError as exc:
        detail = exc.error or exc.message
        return attrs.evolve(found, result="error", status=exc.status, detail=detail)
    except ResponseFormatError:
        return attrs.evolve(found, result="answers", status=200, detail="an unexpected body")
    return attrs.evolve(found, result="answers", status=200)


async def probe_endpoints(pw: Powerwall) -> list[Probe]:
    """Every declared endpoint, probed one after the other where that is safe."""
    return [await _probe(pw, endpoint) for endpoint in registry.every()]


def _table(probes: list[Probe]) -> Table:
    table = Table(title="Endpoints", title_justify="left")
    table.add_column("Method")
    table.add_column("Path", overflow="fold")
    table.add_column("Answer")
    for probe in probes:
        answer = probe.result.replace("_", " ")
        if probe.status is not None and probe.result != "answers":
            answer += f" ({probe.status})"
        if probe.detail:
            answer += f": {probe.detail}"
        table.add_row(probe.method, probe.path, Text(answer, _STYLES[probe.result]))
    return table


@gateway_command
def endpoints(settings: Settings, *, json_output: JsonOption = False) -> None:
    """Every documented endpoint, and whether this gateway answers it (safe GETs only)."""
    probes = run_on_gateway(settings, probe_endpoints)
    if json_output:
        print_json(probes)
    else:
        console().print(_table(probes))
        answering = sum(probe.result == "answers" for probe in probes)
        console().print(f"{answering} of {len(probes)} endpoints answer.")
