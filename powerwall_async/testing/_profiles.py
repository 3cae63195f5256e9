"""Firmware profiles: which recorded answers the simulator serves, and which endpoints exist.

A profile is a directory of recordings for the running system, optionally one for the stopped
system, and a few firmware differences (the version it reports, whether vitals exist, and, for
newer gateways, the short list of endpoints still served locally). The recording layout is the
fixture transport's: ``a.b.c.json`` is the body of ``GET /api/a/b/c``, ``.bin`` a binary body,
``.err`` a raw HTTP response.
"""

from __future__ import annotations

import os
from pathlib import Path

import attrs

from ..transports.fixture import load_recordings as load_fixture_directory
from ._identity import PLACEHOLDERS, made_up
from ._reply import Reply, json_headers
from ._tedapi_site import PW2_FIRMWARE, PW3_FIRMWARE

__all__ = ["PROFILES", "Profile", "Recordings", "profile_for"]

RECORDINGS = Path(__file__).parent / "recordings"

VITALS = "devices.vitals"

RESTRICTED_ENDPOINTS = frozenset(
    {"status", "login.Basic", "logout", "meters.aggregates", "system_status.soe",
     "system_status.grid_status"}
)  # fmt: skip
"""What Powerwall 3 and newer gateways still answer locally (home-assistant/core#169137)."""


Recordings = dict[str, Reply]
"""Recording name (``meters.aggregates``) → the recorded answer."""


_IN_NAMES = {**PLACEHOLDERS, **{key.strip("<>"): value for key, value in PLACEHOLDERS.items()}}
"""Placeholders as file names carry them: bracketed, or bare (``meters.METER_SERIALsynchrometerX``
for the serial that GET /api/meters lists as ``<<METER_SERIAL>>synchrometerX``)."""


def load_recordings(directory: Path) -> Recordings:
    """Every recording in ``directory``, read as the fixture transport reads it (blocking:
    call it from a worker thread); JSON answers get the gateway's JSON headers. Redaction
    placeholders, in names and in text bodies, become the site's made-up identity."""
    recordings: Recordings = {}
    for name, recorded in load_fixture_directory(directory).items():
        if recorded.headers.get("content-type") == "application/json" and recorded.status == 200:
            headers = json_headers()
        else:
            headers = tuple((k, v) for k, v in recorded.headers.items() if k != "date")
        body = recorded.body
        if recorded.headers.get("content-type") != "application/octet-stream" and b"<<" in body:
            body = made_up(body.decode("utf-8", "surrogateescape")).encode(
                "utf-8", "surrogateescape"
            )
        recordings[made_up(name, _IN_NAMES)] = Reply(recorded.status, headers, body)
    return recordings


@attrs.frozen(kw_only=True)
class Profile:
    """How one firmware (or gateway model) answers.

    ``running`` and ``stopped`` are recordings directories; without ``stopped`` the running
    recordings also answer while sitemaster is stopped (the endpoints a stopped system refuses
    answer 502 either way). ``version`` replaces the ``version`` field of GET /api/status.
    ``vitals=False`` drops GET /api/devices/vitals (removed in 23.44). ``endpoints``, when set,
    is the only recording names (``meters.aggregates``, ``login.Basic``) that exist; every
    other path answers 404.
    """

    name: str
    running: Path
    stopped: Path | None = None
    version: str | None = None
    vitals: bool = True
    endpoints: frozenset[str] | None = None
    tedapi: str | None = None
    """The TEDAPI site this gateway serves under /tedapi/ (``pw2``, ``pw3``), or None."""

    @classmethod
    def from_directory(cls, directory: str | os.PathLike[str]) -> Profile:
        """A directory of recordings, or one holding ``running/`` (and ``stopped/``)."""
        path = Path(directory)
        if (path / "running").is_dir():
            stopped = path / "stopped"
            return cls(
                name=path.name,
                running=path / "running",
                stopped=stopped if stopped.is_dir() else None,
            )
        return cls(name=path.name, running=path)

    def exists(self, name: str) -> bool:
        """Whether the endpoint recorded as ``name`` exists on this firmware at all."""
        if self.endpoints is not None and name not in self.endpoints:
            return False
        return self.vitals or name != VITALS

    def load(self) -> tuple[Recordings, Recordings]:
        """(running, stopped) recordings, filtered to what exists (blocking)."""
        running = self._filtered(load_recordings(self.running))
        stopped = self._filtered(load_recordings(self.stopped)) if self.stopped else running
        return running, stopped

    def _filtered(self, recordings: Recordings) -> Recordings:
        return {name: reply for name, reply in recordings.items() if self.exists(name)}


_BASE_RUNNING = RECORDINGS / "21.44-running"
_BASE_STOPPED = RECORDINGS / "21.44-stopped"

PROFILES: dict[str, Profile] = {
    "21.44": Profile(name="21.44", running=_BASE_RUNNING, stopped=_BASE_STOPPED),
    "23.44": Profile(
        name="23.44",
        running=_BASE_RUNNING,
        stopped=_BASE_STOPPED,
        version="23.44.0 eb113390",
        vitals=False,
    ),
    "restricted": Profile(
        name="restricted",
        running=_BASE_RUNNING,
        stopped=_BASE_STOPPED,
        version="25.10.1 0b2a6a1f",
        vitals=False,
        endpoints=RESTRICTED_ENDPOINTS,
    ),
    "pw2": Profile(
        name="pw2",
        running=_BASE_RUNNING,
        stopped=_BASE_STOPPED,
        version=PW2_FIRMWARE,
        vitals=False,
        tedapi="pw2",
    ),
    "pw3": Profile(
        name="pw3",
        running=_BASE_RUNNING,
        stopped=_BASE_STOPPED,
        version=PW3_FIRMWARE,
        vitals=False,
        endpoints=RESTRICTED_ENDPOINTS,
        tedapi="pw3",
    ),
}
"""The built-in profiles: ``21.44`` (the default), ``23.44`` (no vitals), ``restricted``
(Powerwall 3 and newer gateways: only aggregates, soe and grid status), and two that also serve
TEDAPI: ``pw2`` (a Gateway 2 with a Powerwall 2 and a Powerwall+, REST without vitals) and
``pw3`` (a Powerwall 3 leader with a DC expansion and two followers, REST restricted)."""

DEFAULT_PROFILE = "21.44"


def profile_for(profile: str | os.PathLike[str] | Profile) -> Profile:
    """A built-in profile by name, a recordings directory, or a :class:`Profile` as is."""
    if isinstance(profile, Profile):
        return profile
    if isinstance(profile, str) and profile in PROFILES:
        return PROFILES[profile]
    if Path(profile).is_dir():
        return Profile.from_directory(profile)
    raise ValueError(
        f"unknown simulator profile {str(profile)!r}: use one of {', '.join(PROFILES)} "
        "or a directory of recordings"
    )
