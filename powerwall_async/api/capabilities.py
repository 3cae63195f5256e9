"""``await pw.capabilities()``: what this gateway answers, found by one cheap GET per group."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..endpoints import Endpoint, named, probe
from ..models.capabilities import Capabilities, GroupSupport
from ..models.status import Status

if TYPE_CHECKING:
    from .._client import Powerwall

__all__ = ["PROBES", "probe_capabilities", "probes"]

PROBES = (
    "status.get",
    "meters.aggregates",
    "system_status.soe",
    "operation.get",
    "config.get",
    "sitemaster.get",
    "site_info.site_name",
    "powerwalls.status",
    "networks.client_protocols",
    "solars.get",
    "generators.get",
    "customer.registration",
    "installer.get",
    "system.update_status",
    "auth.toggle_supported",
    "autoconfig.status",
    "synchrometer.ct_voltage_references",
    "troubleshooting.problems",
    "legal.radio",
    "solar_powerwall.power_status",
    "devices.vitals",
)
"""One cheap, safe GET per group (the method's name), in the order they are sent (one at a
time)."""


def probes() -> tuple[Endpoint[Any], ...]:
    """The endpoints of :data:`PROBES`."""
    return tuple(map(named, PROBES))


RESTRICTED_GROUPS = frozenset({"meters", "system_status"})
"""What a restricted gateway (Powerwall 3, newer firmware) still answers."""
PUBLIC_GROUPS = frozenset({"status", "customer", "auth"})
"""Groups whose probe needs no login; not counted when deciding "restricted"."""


async def probe_capabilities(pw: Powerwall) -> Capabilities:
    """Probe :data:`PROBES` one by one (:func:`powerwall_async.endpoints.probe`, as the CLI's
    ``endpoints`` does) and sum up what answered.

    A 404 is remembered by the session, so asking again later costs nothing for those.
    Authentication and rate-limit errors are raised: they say nothing about the gateway.
    """
    groups: dict[str, GroupSupport] = {}
    status: Status | None = None
    for endpoint in probes():
        found = await probe(pw, endpoint)
        assert found.support is not None, endpoint  # every probe is a safe, plain GET
        groups[endpoint.group] = found.support
        if isinstance(found.answer, Status):
            status = found.answer
    answering = {group for group, support in groups.items() if support in _ANSWERS}
    others = answering - RESTRICTED_GROUPS - PUBLIC_GROUPS
    return Capabilities(
        firmware_version=status.version if status is not None and status.version else None,
        device_type=status.device_type if status is not None else None,
        device_type_raw=status.device_type_raw if status is not None else "",
        restricted=bool(answering & RESTRICTED_GROUPS) and not others,
        groups=groups,
    )


_ANSWERS = frozenset({GroupSupport.AVAILABLE, GroupSupport.FAILING})
