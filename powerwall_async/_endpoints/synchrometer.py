"""``pw.synchrometer``: the declarations of its endpoints."""

from __future__ import annotations

from ..models.synchrometer import CtVoltageReferenceOptions, CtVoltageReferences
from ._declare import action, read

__all__ = [
    "SYNCHROMETER_CT_VOLTAGE_REFERENCES",
    "SYNCHROMETER_CT_VOLTAGE_REFERENCES_OPTIONS",
    "SYNCHROMETER_SET_CT_VOLTAGE_REFERENCES",
]

SYNCHROMETER_CT_VOLTAGE_REFERENCES = read(
    "synchrometer",
    "ct_voltage_references",
    "/synchrometer/ct_voltage_references",
    CtVoltageReferences,
    "The phase each synchrometer CT measures against.",
)
SYNCHROMETER_CT_VOLTAGE_REFERENCES_OPTIONS = read(
    "synchrometer",
    "ct_voltage_references_options",
    "/synchrometer/ct_voltage_references/options",
    CtVoltageReferenceOptions,
    "The phases each synchrometer CT may use.",
    firmware="400 while the site manager runs (stop the system first).",
)
SYNCHROMETER_SET_CT_VOLTAGE_REFERENCES = action(
    "synchrometer",
    "set_ct_voltage_references",
    "POST",
    "/synchrometer/ct_voltage_references",
    "Set the phase of each synchrometer CT.",
)
