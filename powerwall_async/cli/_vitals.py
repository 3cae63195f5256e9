"""``powerwall-async vitals``: every device the gateway talks to, as readable tables."""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Group

from .. import EndpointNotSupportedError, Powerwall
from ..models import to_json
from ..models.tedapi import Site
from ..models.vitals import Vitals
from ._command import gateway_command
from ._connect import run_on_gateway
from ._exit import CliError, ExitCode, describe
from ._options import ENV, Settings
from ._output import JsonOption, Table, console, print_json
from ._tedapi_reports import show, site_report

__all__ = ["vitals"]


def _number(value: float | None, unit: str, scale: float = 1.0, digits: int = 1) -> str:
    return "" if value is None else f"{value / scale:,.{digits}f} {unit}"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left")
    for index, column in enumerate(columns):
        if index == 0:
            table.add_column(column, overflow="fold")  # DINs are worth reading whole
        else:
            table.add_column(column, justify="left" if column == "State" else "right")
    return table


def _devices(found: Vitals) -> Table:
    table = _table("Devices", "DIN", "Type", "Firmware", "Last heard", "Alerts")
    for device in found.devices.values():
        heard = device.last_communication_time
        table.add_row(
            device.din,
            device.device_type,
            device.firmware_version or "",
            heard.strftime("%Y-%m-%d %H:%M:%S") if heard else "",
            ", ".join(device.alerts),
        )
    return table


def _batteries(found: Vitals) -> Table:
    table = _table("Battery pods", "DIN", "Remaining", "Full pack", "Charge", "State")
    for pod in found.battery_pods:
        remaining, full = pod.nom_energy_remaining, pod.nom_full_pack_energy
        share = f"{100 * remaining / full:.1f} %" if remaining is not None and full else ""
        table.add_row(
            pod.din,
            _number(remaining, "kWh", 1000, 2),
            _number(full, "kWh", 1000, 2),
            share,
            _text(pod.state),
        )
    return table


def _inverters(found: Vitals) -> Table:
    table = _table("Battery inverters", "DIN", "State", "Grid", "Power", "Voltage", "Frequency")
    for inverter in found.inverters:
        table.add_row(
            inverter.din,
            _text(inverter.state),
            _text(inverter.grid_state),
            _number(inverter.pout, "kW", 1, 2),
            _number(inverter.vout, "V"),
            _number(inverter.fout, "Hz", 1, 2),
        )
    return table


def _pv_strings(found: Vitals) -> Table:
    table = _table("Solar strings", "Inverter", "String", "Voltage", "Current", "Power", "State")
    for inverter in found.pv_inverters:
        for string in inverter.strings:
            table.add_row(
                inverter.din,
                string.name,
                _number(string.voltage, "V"),
                _number(string.current, "A", 1, 2),
                _number(string.power, "W", 1, 0),
                _text(string.state)
                + ("" if string.connected is None else f" ({_text(string.connected)})"),
            )
    return table


def _meters(found: Vitals) -> Table:
    table = _table("Meters", "DIN", "Meter", "CT power", "L1-N", "L2-N", "Imported", "Exported")
    for meter in found.meters:
        powers = [ct.inst_real_power for ct in meter.cts if ct.inst_real_power is not None]
        table.add_row(
            meter.din,
            meter.name,
            ", ".join(f"{power:,.0f} W" for power in powers),
            _number(meter.vl1n, "V"),
            _number(meter.vl2n, "V"),
            _number(meter.lifetime_energy_import, "kWh", 1000),
            _number(meter.lifetime_energy_export, "kWh", 1000),
        )
    return table


def vitals_json(found: Vitals) -> dict[str, Any]:
    """The devices and the typed views, as JSON values."""
    return {
        "devices": [to_json(device) for device in found.devices.values()],
        "battery_pods": to_json(found.battery_pods),
        "inverters": to_json(found.inverters),
        "pv_inverters": to_json(found.pv_inverters),
        "meters": to_json(found.meters),
        "island_controller": to_json(found.island_controller),
    }


def vitals_tables(found: Vitals) -> Group:
    """The tables that have rows: devices, battery pods, inverters, solar strings, meters."""
    tables = [
        _devices(found),
        _batteries(found),
        _inverters(found),
        _pv_strings(found),
        _meters(found),
    ]
    return Group(*(table for table in tables if table.row_count))


@gateway_command
def vitals(settings: Settings, *, json_output: JsonOption = False) -> None:
    """Per-device readings: battery pods, inverters, solar strings, meters.

    Where the gateway no longer serves them (firmware 23.44 and later), the batteries and PV
    strings are read over TEDAPI instead, when a gateway password (or v1r key) is configured.
    """

    async def read(pw: Powerwall) -> Vitals | Site:
        try:
            return await pw.devices.vitals()
        except EndpointNotSupportedError as exc:
            if not settings.may_ask_tedapi:
                raise CliError(
                    f"{describe(exc)}; its per-device readings come from TEDAPI, which needs "
                    "the gateway password",
                    ExitCode.UNSUPPORTED,
                    next_step=f"set {ENV['gateway_password']} (or gateway_password in the "
                    "config file, or --tedapi-key PATH) to read them over TEDAPI",
                ) from None
            typer.echo(
                "GET /api/devices/vitals answered 404 (firmware 23.44 or later): showing the "
                "batteries and PV strings read over TEDAPI instead.",
                err=True,
            )
            return await pw.tedapi.site()

    found = run_on_gateway(settings, read)
    if isinstance(found, Site):
        show("Site (TEDAPI)", {"source": "tedapi", **site_report(found)}, as_json=json_output)
    elif json_output:
        print_json(vitals_json(found))
    else:
        console().print(vitals_tables(found))
