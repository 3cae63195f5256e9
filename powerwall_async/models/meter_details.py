"""GET /api/meters/site, /api/meters/solar and /api/meters/readings: per-meter detail."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ._frozen import FrozenDict
from ._metadata import JSON_ROOT
from .meters import MeterAggregate


@attrs.frozen(kw_only=True)
class HttpsConf:
    """How the gateway reaches a Neurio meter over TLS (in GET /api/meters/site)."""

    client_cert: str = ""
    client_key: str = ""
    server_ca_cert: str = ""
    max_idle_conns_per_host: int | None = None


@attrs.frozen(kw_only=True)
class MeterConnection:
    """The network connection to a meter (in GET /api/meters/site)."""

    ip_address: str = ""
    port: int | None = None
    short_id: str = ""
    device_serial: str = ""
    neurio_connected: bool | None = None
    https_conf: HttpsConf | None = None


@attrs.frozen(kw_only=True)
class CachedReadings(MeterAggregate):
    """The last readings of one meter (``Cached_readings`` in GET /api/meters/site): the
    aggregate's fields plus per-phase values."""

    v_l1n: float | None = None
    v_l2n: float | None = None
    v_l3n: float | None = None
    real_power_a: float | None = None
    real_power_b: float | None = None
    real_power_c: float | None = None
    reactive_power_a: float | None = None
    reactive_power_b: float | None = None
    reactive_power_c: float | None = None
    energy_exported_a: float | None = None
    energy_exported_b: float | None = None
    energy_exported_c: float | None = None
    energy_imported_a: float | None = None
    energy_imported_b: float | None = None
    energy_imported_c: float | None = None
    serial_number: str = ""
    version: str = ""


@attrs.frozen(kw_only=True)
class MeterDetail:
    """One meter in GET /api/meters/site or /api/meters/solar."""

    id: int | None = None
    location: str = ""
    type: str = ""
    cts: tuple[bool, ...] = ()
    inverted: tuple[bool, ...] = ()
    connection: MeterConnection | None = None
    Cached_readings: CachedReadings | None = None


@attrs.frozen(kw_only=True)
class CtReading:
    """One CT input in GET /api/meters/readings (volts, watts, VAR, watt-seconds, amps)."""

    ct: int | None = None
    v_V: float | None = None  # noqa: N815 - the gateway's names
    p_W: float | None = None  # noqa: N815
    q_VAR: float | None = None  # noqa: N815
    eExp_Ws: float | None = None  # noqa: N815
    eImp_Ws: float | None = None  # noqa: N815
    i_A: float | None = None  # noqa: N815


@attrs.frozen(kw_only=True)
class MeterReadingData:
    """``data`` of one meter in GET /api/meters/readings."""

    IP: str = ""
    sensorId: str = ""  # noqa: N815 - the gateway's names
    firmwareVersion: str = ""  # noqa: N815
    f_Hz: float | None = None  # noqa: N815
    cts: tuple[CtReading, ...] = ()


@attrs.frozen(kw_only=True)
class MeterReading:
    """One meter in GET /api/meters/readings; ``error`` says why the data may be zeros."""

    error: str = ""
    data: MeterReadingData | None = None


@attrs.frozen(kw_only=True)
class MetersReadings:
    """GET /api/meters/readings: the raw readings of each meter, by meter serial.

    The gateway answers an object keyed by serial; it is kept as ``readings``.
    """

    readings: Mapping[str, MeterReading] = attrs.field(
        factory=FrozenDict, metadata={JSON_ROOT: True}
    )

    def __getitem__(self, serial: str) -> MeterReading:
        return self.readings[serial]
