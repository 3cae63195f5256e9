"""Type-checked by mypy (tests are in its `files`) and pyright, never run: the public API's
static types."""

from __future__ import annotations

from typing import assert_type

import powerwall_async as pwa
from powerwall_async.models import GridStatus, MetersAggregates, Soe


async def typed_usage(pw: pwa.Powerwall) -> None:
    assert_type(await pw.meters.aggregates(), MetersAggregates)
    assert_type(await pw.system_status.soe(), Soe)
    assert_type((await pw.system_status.grid_status()).grid_status, GridStatus)
    assert_type(pw.token, str | None)
    assert_type(pwa.to_app_percent(24.0), float)
    assert_type(await pwa.fetch_certificate("192.168.91.1"), pwa.Certificate)
