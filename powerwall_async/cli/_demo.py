"""``powerwall-async demo``: the simulator and the real client, end to end, without hardware.

It starts the simulated gateway on 127.0.0.1, connects to it exactly as to a real gateway
(HTTPS, SNI ``powerwall``, the certificate pinned by its SHA-256 fingerprint), logs in and
prints the power flow.
"""

from __future__ import annotations

from typing import Annotated, Any

import anyio
import attrs
import typer
from rich.console import Console

from .. import EndpointNotSupportedError, Powerwall, to_app_percent
from ..testing import simulate
from ._command import cli_errors
from ._exit import CliError, ExitCode
from ._output import Table, percentages, power_flow_table, print_json

__all__ = ["demo"]


@attrs.frozen(kw_only=True)
class Summary:
    """What the demo read from the simulated gateway."""

    url: str
    sha256: str
    version: str
    site: float
    battery: float
    load: float
    solar: float
    soe: float
    grid_status: str
    mode: str | None
    backup_reserve: float | None

    def as_json(self) -> dict[str, Any]:
        """The summary with both scales spelled out."""
        reserve = self.backup_reserve
        return {
            "gateway": {"url": self.url, "version": self.version, "sha256": self.sha256},
            "power_w": {
                "site": self.site,
                "battery": self.battery,
                "load": self.load,
                "solar": self.solar,
            },
            "soe": percentages(self.soe),
            "grid_status": self.grid_status,
            "operation": {
                "mode": self.mode,
                "backup_reserve": None if reserve is None else percentages(reserve),
            },
        }


async def _collect(profile: str, seed: int | None) -> Summary:
    async with (
        simulate(profile=profile, seed=seed) as sim,
        Powerwall.connect(sim.url, password=sim.password, pin_sha256=sim.cert_sha256) as pw,
    ):
        await pw.login()
        status = await pw.status.get()
        aggregates = await pw.meters.aggregates()
        soe = await pw.system_status.soe()
        grid = await pw.system_status.grid_status()
        try:
            operation = await pw.operation.get()
            mode: str | None = operation.real_mode_raw or operation.real_mode.value
            reserve: float | None = operation.backup_reserve_percent
        except EndpointNotSupportedError:  # the restricted profile: newer gateways lack it
            mode = reserve = None
        return Summary(
            url=sim.url,
            sha256=sim.cert_sha256,
            version=status.version,
            site=aggregates.site.instant_power,
            battery=aggregates.battery.instant_power,
            load=aggregates.load.instant_power,
            solar=aggregates.solar.instant_power,
            soe=soe.percentage,
            grid_status=grid.grid_status_raw or grid.grid_status.value,
            mode=mode,
            backup_reserve=reserve,
        )


def _render(summary: Summary, console: Console) -> None:
    console.print(
        f"[bold]Simulated Tesla Energy Gateway[/bold], firmware {summary.version}\n"
        f"Connected to {summary.url} over TLS with SNI 'powerwall' and the certificate "
        f"pinned (SHA-256 {summary.sha256[:23]}…); logged in as customer.\n"
    )
    console.print(power_flow_table(summary.as_json()["power_w"], "Power flow"))

    state = Table(title="Battery and grid", title_justify="left")
    state.add_column("")
    state.add_column("Gateway (raw)", justify="right")
    state.add_column("Tesla app", justify="right")
    state.add_row("State of energy", f"{summary.soe:.1f} %", f"{to_app_percent(summary.soe):.1f} %")
    if summary.backup_reserve is not None:
        reserve = summary.backup_reserve
        state.add_row("Backup reserve", f"{reserve:.1f} %", f"{to_app_percent(reserve):.1f} %")
    console.print(state)
    console.print(f"Grid status:    {summary.grid_status}")
    console.print(f"Operation mode: {summary.mode or 'not available on this gateway'}")


def demo(
    *,
    profile: Annotated[
        str, typer.Option(help="Simulated firmware: 21.44, 23.44 or restricted.")
    ] = "21.44",
    seed: Annotated[int, typer.Option(help="Seed of the simulated live values.")] = 0,
    json_output: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Start the built-in gateway simulator and read it through the real TLS client."""
    with cli_errors():
        try:
            summary = anyio.run(_collect, profile, seed)
        except ValueError as exc:  # an unknown profile
            raise CliError(str(exc), ExitCode.USAGE) from None
    if json_output:
        print_json(summary.as_json())
    else:
        _render(summary, Console())
