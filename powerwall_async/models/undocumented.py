"""The answer of an endpoint whose body no public sample shows."""

from __future__ import annotations

from typing import Any

import attrs

from ._metadata import JSON_ROOT


@attrs.frozen(kw_only=True)
class UndocumentedAnswer:
    """The JSON answer of an endpoint whose shape is not documented anywhere.

    Used by GET endpoints the API document lists without a sample (``powerwalls.phase_usages``,
    ``solar_powerwall.power_status``, ...). ``data`` is the decoded JSON, unmodelled: once a
    recording shows the shape, the endpoint gets a proper model.
    """

    data: Any = attrs.field(default=None, metadata={JSON_ROOT: True})
