"""What the ``tedapi`` commands print: one report (a dict) per answer, shown as JSON or tables.

The table labels are made from the report's keys (``energy_remaining_wh`` is "Energy remaining
(Wh)"), so the JSON and the tables always use the same names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group

from ..api.tedapi import AuthorizedClient, BackupEvent
from ..models.tedapi import Components, DeviceStatus, GatewayConfig, Site, SystemInfo
from ._output import Table, console, key_value_table, percent_text, percentages, print_json

__all__ = [
    "backup_report",
    "clients_report",
    "components_report",
    "config_report",
    "show",
    "site_report",
    "status_report",
    "system_info_report",
]

Report = dict[str, Any]

_UNITS = {"w": "W", "wh": "Wh", "kw": "kW", "kwh": "kWh", "v": "V", "a": "A", "hz": "Hz"}
_ACRONYMS = {"din": "DIN", "pv": "PV", "ac": "AC", "soe": "SOE"}


def label(key: str) -> str:
    """The table label of a report key: ``battery_power_w`` → ``Battery power (W)``."""
    words = key.split("_")
    unit = _UNITS.get(words[-1]) if len(words) > 1 else None
    if unit is not None:
        words = words[:-1]
    shown = [_ACRONYMS.get(word, word) for word in words]
    text = " ".join(shown)
    text = text[:1].upper() + text[1:]
    return f"{text} ({unit})" if unit else text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return _compound(value)


def _compound(value: Any) -> str:
    if isinstance(value, Mapping):
        if set(value) == {"raw", "app"}:
            return percent_text(value["raw"])
        return ", ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        if not value:
            return "none"
        return ", ".join(_cell(item) for item in value)
    return str(value)


def _rows_table(title: str, rows: list[Mapping[str, Any]]) -> Table:
    table = Table(title=title, title_justify="left")
    for index, key in enumerate(rows[0]):
        table.add_column(label(key), overflow="fold" if index == 0 else "ellipsis")
    for row in rows:
        table.add_row(*(_cell(value) for value in row.values()))
    return table


def show(title: str, report: Report, *, as_json: bool) -> None:
    """``report`` as JSON, or as a table of its values and one table per list of rows."""
    if as_json:
        print_json(report)
        return
    scalars = {
        label(key): _cell(value)
        for key, value in report.items()
        if not (isinstance(value, list) and value and isinstance(value[0], Mapping))
    }
    parts: list[Table] = [key_value_table(title, scalars)] if scalars else []
    for key, value in report.items():
        if isinstance(value, list) and value and isinstance(value[0], Mapping):
            parts.append(_rows_table(label(key), value))
    console().print(Group(*parts))


def _percent(value: float | None) -> dict[str, float] | None:
    return None if value is None else percentages(value)


def system_info_report(info: SystemInfo) -> Report:
    return {
        "din": info.din,
        "part_number": info.part_number,
        "serial_number": info.serial_number,
        "firmware": str(info.firmware_version) or None,
        "githash": info.firmware_githash,
        "device_type": info.device_type.name.lower(),
        "update_status": info.update_status,
        "staged_version": None if info.staged_version is None else str(info.staged_version),
    }


def config_report(config: GatewayConfig) -> Report:
    site = config.site
    return {
        "din": config.din,
        "operation_mode": config.operation_mode_raw or config.operation_mode.value,
        "backup_reserve": _percent(site.backup_reserve_percent if site else None),
        "export_rule": (site.export_rule_raw or site.export_rule.value) if site else None,
        "grid_charging": site.grid_charging_allowed if site else None,
        "solar_curtailment": site.solar_curtailment_enabled if site else None,
        "import_limit_kw": site.max_site_meter_power_kw if site else None,
        "export_limit_kw": site.min_site_meter_power_kw if site else None,
        "nominal_energy_kwh": site.nominal_system_energy_kwh if site else None,
        "nominal_power_kw": site.nominal_system_power_kw if site else None,
        "battery_blocks": [
            {"din": block.din, "type": block.type_raw, "follower": block.is_follower}
            for block in config.battery_blocks
        ],
    }


def status_report(status: DeviceStatus) -> Report:
    energy = status.energy
    grid = status.grid_status
    return {
        "grid_status": None if grid is None else grid.value,
        "state_of_energy": _percent(energy.soe_percent if energy else None),
        "energy_remaining_wh": energy.energy_remaining_wh if energy else None,
        "full_pack_energy_wh": energy.full_pack_energy_wh if energy else None,
        "island_mode": status.islanding.customer_island_mode if status.islanding else None,
        "alerts": list(status.alerts),
        "meters": [
            {"location": meter.location_raw or meter.location.value, "power_w": meter.real_power_w}
            for meter in status.meter_aggregates
        ],
    }


def components_report(din: str, components: Components) -> Report:
    pch = components.pch_unit
    remaining, full = components.bms_energy_wh()
    return {
        "din": din,
        "state": pch.state if pch else None,
        "battery_power_w": pch.battery_power_w if pch else None,
        "pv_power_w": pch.pv_power_w if pch else None,
        "ac_power_w": pch.ac_power_w if pch else None,
        "ac_frequency_hz": pch.ac_frequency_hz if pch else None,
        "energy_remaining_wh": remaining,
        "full_pack_energy_wh": full,
        "alerts": list(pch.active_alerts) if pch else [],
        "pv_strings": [
            {
                "string": string.letter,
                "voltage_v": string.voltage_v,
                "current_a": string.current_a,
                "power_w": string.power_w,
                "state": string.state,
            }
            for string in (pch.pv_strings if pch else ())
        ],
    }


def battery_rows(site: Site) -> list[Report]:
    """One row per battery unit: what ``tedapi site`` and ``status`` show."""
    return [
        {
            "din": unit.din,
            "role": unit.role.value,
            "state_of_energy": _percent(unit.soe_percent),
            "energy_remaining_wh": unit.energy_remaining_wh,
            "full_pack_energy_wh": unit.full_pack_energy_wh,
            "power_w": unit.power_w,
            "reachable": unit.reachable,
        }
        for unit in site.batteries
    ]


def site_report(site: Site) -> Report:
    return {
        "din": site.din,
        "grid_status": None if site.grid_status is None else site.grid_status.value,
        "batteries": battery_rows(site),
        "pv_strings": [
            {
                "din": string.unit_din,
                "string": string.letter,
                "voltage_v": string.voltage_v,
                "current_a": string.current_a,
                "power_w": string.power_w,
                "state": string.state,
            }
            for string in site.pv_strings
        ],
    }


def backup_report(events: tuple[BackupEvent, ...]) -> Report:
    return {
        "events": [
            {
                "manual": event.manual,
                "name": event.name,
                "start": None if event.start is None else event.start.isoformat(),
                "duration_seconds": event.duration_seconds,
            }
            for event in events
        ]
    }


def clients_report(clients: tuple[AuthorizedClient, ...]) -> Report:
    return {
        "clients": [
            {
                "fingerprint": client.fingerprint,
                "description": client.description,
                "key_type": client.key_type.name.lower(),
                "state": client.state.name.lower(),
                "added": None if client.added is None else client.added.isoformat(),
            }
            for client in clients
        ]
    }
