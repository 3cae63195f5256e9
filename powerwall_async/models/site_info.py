"""GET /api/site_info."""

from __future__ import annotations

import attrs


@attrs.frozen(kw_only=True)
class GridCode:
    """The grid code a site is configured for (in GET /api/site_info)."""

    grid_code: str = ""
    grid_voltage_setting: float | None = None
    grid_freq_setting: float | None = None
    grid_phase_setting: str = ""
    country: str = ""
    state: str = ""
    distributor: str = ""
    utility: str = ""
    retailer: str = ""
    region: str = ""


@attrs.frozen(kw_only=True)
class SiteInfo:
    """GET /api/site_info: the site's name, time zone, size and grid code."""

    site_name: str = ""
    timezone: str = ""
    max_system_energy_kWh: float | None = None  # noqa: N815 - the gateway's name
    max_system_power_kW: float | None = None  # noqa: N815
    max_site_meter_power_kW: float | None = None  # noqa: N815
    min_site_meter_power_kW: float | None = None  # noqa: N815
    nominal_system_energy_kWh: float | None = None  # noqa: N815
    nominal_system_power_kW: float | None = None  # noqa: N815
    panel_max_current: float | None = None
    grid_code: GridCode | None = None
