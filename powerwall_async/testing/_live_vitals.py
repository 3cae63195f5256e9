"""GET /api/devices/vitals as the simulated site answers it: the recorded devices, with the
site's made-up serials and each battery pod as full as the gateway's state of energy says."""

from __future__ import annotations

from .._proto import vitals as pb
from ._identity import VITALS_SERIALS, made_up

__all__ = ["live_vitals"]

_FULL = "POD_nom_full_pack_energy"
_REMAINING = "POD_nom_energy_remaining"
_TO_BE_CHARGED = "POD_nom_energy_to_be_charged"


def _identify(device: pb.Device) -> None:
    for field in ("din", "part_number", "serial_number", "component_parent_din"):
        value = getattr(device, field)
        if isinstance(value, str):
            setattr(device, field, made_up(value, VITALS_SERIALS))


def _charge(readings: list[pb.Vital], soe: float) -> None:
    """Set a pod's energy remaining and to be charged from its full-pack energy and ``soe``."""
    full = next((vital.float_value for vital in readings if vital.name == _FULL), None)
    if full is None:
        return
    remaining = round(full * soe / 100)
    for vital in readings:
        if vital.name == _REMAINING:
            vital.float_value = float(remaining)
        elif vital.name == _TO_BE_CHARGED:
            vital.float_value = float(round(full) - remaining)


def live_vitals(recorded: bytes, soe: float) -> bytes:
    """The recorded vitals body with the site's serials and its pods at ``soe`` percent (as
    recorded when it is not a vitals message: a profile may serve any bytes)."""
    try:
        message = pb.DevicesWithVitals.parse(recorded)
    except Exception:  # betterproto2 raises whatever its internals meet
        return recorded
    for entry in message.devices:
        for connected in entry.device:
            if connected.device is not None:
                _identify(connected.device)
        _charge(entry.vitals, soe)
    return bytes(message)
