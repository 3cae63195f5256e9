"""GET /api/site_info, /site_name, /grid_codes and /grid_regions."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import ClassVar

import attrs

from ._frozen import FrozenDict
from ._metadata import JSON_ROOT


@attrs.frozen(kw_only=True)
class GridCode:
    """The grid code a site is configured for (``grid_code`` in GET /api/site_info), or one of
    the choices in GET /api/site_info/grid_codes.

    Older firmware sent ``grid_code`` as a plain string; it becomes ``GridCode(grid_code=...)``.
    """

    _json_scalar_field: ClassVar[str] = "grid_code"

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
    """GET /api/site_info: the site's name, time zone, size and grid code.

    Older firmware (the API document's example) put the grid code's fields at the top level;
    they are kept in the fields of the same names.
    """

    site_name: str = ""
    timezone: str = ""
    measured_frequency: float | None = None
    max_system_energy_kWh: float | None = None  # noqa: N815 - the gateway's name
    max_system_power_kW: float | None = None  # noqa: N815
    max_site_meter_power_kW: float | None = None  # noqa: N815
    min_site_meter_power_kW: float | None = None  # noqa: N815
    nominal_system_energy_kWh: float | None = None  # noqa: N815
    nominal_system_power_kW: float | None = None  # noqa: N815
    panel_max_current: float | None = None
    grid_code: GridCode | None = None
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
class SiteName:
    """GET /api/site_info/site_name: the site's name and time zone."""

    site_name: str = ""
    timezone: str = ""


@attrs.frozen(kw_only=True)
class GridCodes:
    """GET /api/site_info/grid_codes: the grid codes the wizard offers, as
    ``codes[country][state][region]`` → list of :class:`GridCode`."""

    codes: Mapping[str, Mapping[str, Mapping[str, tuple[GridCode, ...]]]] = attrs.field(
        factory=FrozenDict, metadata={JSON_ROOT: True}
    )

    def all(self) -> list[GridCode]:
        """Every grid code, flattened, in the gateway's order."""
        return [
            code
            for states in self.codes.values()
            for regions in states.values()
            for codes in regions.values()
            for code in codes
        ]


@attrs.frozen(kw_only=True)
class GridRegion:
    """One row of GET /api/site_info/grid_regions."""

    grid_code: str = ""
    country: str = ""
    state: str = ""
    distributor: str = ""
    utility: str = ""
    retailer: str = ""
    standard: str = ""


@attrs.frozen(kw_only=True)
class GridCustomizablePoint:
    """A grid-code setting an installer may adjust within ``min``..``max`` (in
    GET /api/site_info/grid_regions); ``override`` is the installer's value, if any."""

    name: str = ""
    units: str = ""
    min: float | None = None
    max: float | None = None
    file_value: float | None = None
    override: float | None = None
    value: float | None = None


@attrs.frozen(kw_only=True)
class GridCodeSettings(GridCode):
    """A grid code with its adjustable settings (``grid_code_settings`` in
    GET /api/site_info/grid_regions)."""

    grid_customizable_points: tuple[GridCustomizablePoint, ...] | None = None


@attrs.frozen(kw_only=True)
class GridRegions:
    """GET /api/site_info/grid_regions: a CSV table in one string (:attr:`rows` parses it),
    and the settings of each grid code by name."""

    regions: str = ""
    grid_code_settings: Mapping[str, GridCodeSettings] = attrs.field(factory=FrozenDict)

    @property
    def rows(self) -> list[GridRegion]:
        """The table's rows (the header names the columns; unknown columns are left out)."""
        reader = csv.DictReader(io.StringIO(self.regions))
        known = {field.name for field in attrs.fields(GridRegion)}
        return [
            GridRegion(**{key: value for key, value in row.items() if key in known and value})
            for row in reader
        ]
