"""GET /api/synchrometer/ct_voltage_references and /options."""

from __future__ import annotations

import attrs


@attrs.frozen(kw_only=True)
class CtVoltageReferences:
    """GET /api/synchrometer/ct_voltage_references: the phase each synchrometer CT measures
    against (``Phase1``, ``Phase2``, ...)."""

    ct1: str = ""
    ct2: str = ""
    ct3: str = ""


@attrs.frozen(kw_only=True)
class CtVoltageReferenceOptions:
    """GET /api/synchrometer/ct_voltage_references/options: the phases each CT may use.

    Answers 400 while the site manager runs (the system must be stopped).
    """

    ct1: tuple[str, ...] = ()
    ct2: tuple[str, ...] = ()
    ct3: tuple[str, ...] = ()
