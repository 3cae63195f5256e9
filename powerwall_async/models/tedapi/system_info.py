"""System information (``common.getSystemInfoResponse``): firmware, DIN, device type, update."""

from __future__ import annotations

import enum

import attrs

from .._types import FirmwareVersion

__all__ = ["DeviceKind", "SystemInfo"]


class DeviceKind(enum.IntEnum):
    """``deviceType`` of the system-info answer (a Powerwall 3 leader is ``SITE_CONTROLLER``)."""

    INVALID = 0
    GEN3_WALL_CONNECTOR = 1
    PV_COMMUNICATIONS = 2
    MSA = 3
    SITE_CONTROLLER = 4
    UNKNOWN = -1

    @classmethod
    def _missing_(cls, value: object) -> DeviceKind:
        return cls.UNKNOWN


def _hex(githash: bytes | str | None) -> str | None:
    if githash is None:
        return None
    if isinstance(githash, str):
        return githash or None
    return githash.hex() if any(githash) else None


@attrs.frozen(kw_only=True)
class SystemInfo:
    """What the device says about itself.

    ``firmware_version`` is the full text (``"24.12.6-PW3-AFCI 008bf6ff"``; ``.parts`` compares
    versions). ``firmware_githash`` is the build's git hash as hex. The update fields come from
    ``systemUpdate`` and are ``None`` when the device sent none; ``update_status`` is the
    gateway's number, kept as is.
    """

    din: str = ""
    part_number: str | None = None
    serial_number: str | None = None
    firmware_version: FirmwareVersion = attrs.field(default=FirmwareVersion(""))
    firmware_githash: str | None = None
    device_type: DeviceKind = DeviceKind.UNKNOWN
    device_type_raw: int | None = None
    update_status: int | None = None
    update_handshake_result: int | None = None
    update_last_result: int | None = None
    staged_version: FirmwareVersion | None = None
    update_total_bytes: int | None = None
    update_bytes_offset: int | None = None
    sideloading: bool | None = None

    @classmethod
    def from_values(
        cls,
        *,
        din: str = "",
        part_number: str | None = None,
        serial_number: str | None = None,
        version: str = "",
        githash: bytes | str | None = None,
        device_type: int | None = None,
        update_status: int | None = None,
        update_handshake_result: int | None = None,
        update_last_result: int | None = None,
        staged_version: str | None = None,
        update_total_bytes: int | None = None,
        update_bytes_offset: int | None = None,
        sideloading: bool | None = None,
    ) -> SystemInfo:
        """Build from decoded protobuf values: empty strings read as absent, the git hash as
        bytes (or text) becomes hex, an unknown device type is ``UNKNOWN`` with the number kept.
        """
        return cls(
            din=din,
            part_number=part_number or None,
            serial_number=serial_number or None,
            firmware_version=FirmwareVersion(version),
            firmware_githash=_hex(githash),
            device_type=DeviceKind.UNKNOWN if device_type is None else DeviceKind(device_type),
            device_type_raw=device_type,
            update_status=update_status,
            update_handshake_result=update_handshake_result,
            update_last_result=update_last_result,
            staged_version=FirmwareVersion(staged_version) if staged_version else None,
            update_total_bytes=update_total_bytes,
            update_bytes_offset=update_bytes_offset,
            sideloading=sideloading,
        )
