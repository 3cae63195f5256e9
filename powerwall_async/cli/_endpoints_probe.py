"""``powerwall-async endpoints``: every documented endpoint, and whether this gateway answers.

Only GETs without side effects and without path parameters are sent, one at a time; the
others are listed as not probed, with the reason.
"""

from __future__ import annotations

from typing import Any

import attrs
from rich.progress import Progress
from rich.text import Text

from .. import Powerwall
from .. import endpoints as registry
from ..endpoints import Endpoint, Probe
from ..models.capabilities import GroupSupport
from ._command import gateway_command
from ._connect import run_on_gateway
from ._options import Settings
from ._output import JsonOption, Table, console, print_json, progress_bar

__all__ = ["endpoints", "probe_endpoints"]

_STYLES = {
    "answers": "green",
    "not_supported": "yellow",
    "denied": "magenta",
    "error": "red",
    "not_probed": "dim",
}


_RESULTS = {
    GroupSupport.AVAILABLE: "answers",
    GroupSupport.NOT_SUPPORTED: "not_supported",
    GroupSupport.DENIED: "denied",
    GroupSupport.FAILING: "error",
    None: "not_probed",
}


@attrs.frozen(kw_only=True)
class Row:
    """One endpoint in the command's output."""

    method: str
    path: str
    call: str
    result: str
    """``answers``, ``not_supported``, ``denied``, ``error`` or ``not_probed``."""
    status: int | None = None
    detail: str = ""


def _call(endpoint: Endpoint[Any]) -> str:
    arguments = ", ".join(endpoint.parameters)
    return f"pw.{endpoint.qualified_name.lstrip('.')}({arguments})"


def _row(probe: Probe) -> Row:
    endpoint = probe.endpoint
    return Row(
        method=endpoint.method,
        path="/api" + endpoint.path,
        call=_call(endpoint),
        result=_RESULTS[probe.support],
        status=probe.status,
        detail=probe.detail,
    )


async def probe_endpoints(pw: Powerwall, progress: Progress) -> list[Row]:
    """Every declared endpoint, probed one after the other where that is safe."""
    every = registry.every()
    task = progress.add_task("Probing", total=len(every))
    rows = []
    for endpoint in every:
        progress.update(task, description=f"{endpoint.method} /api{endpoint.path}")
        rows.append(_row(await registry.probe(pw, endpoint)))
        progress.advance(task)
    progress.update(task, description="Probed")
    return rows


def _table(probes: list[Row]) -> Table:
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
    progress = progress_bar(transient=json_output)

    async def probe(pw: Powerwall) -> list[Row]:
        with progress:
            return await probe_endpoints(pw, progress)

    probes = run_on_gateway(settings, probe)
    if json_output:
        print_json(probes)
    else:
        console().print(_table(probes))
        answering = sum(probe.result == "answers" for probe in probes)
        console().print(f"{answering} of {len(probes)} endpoints answer.")
