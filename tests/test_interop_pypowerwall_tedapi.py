"""pypowerwall's own TEDAPI client (a published peer, unmodified) reads the simulator's TEDAPI:
vitals, battery blocks, state of energy and grid status, with both of its query sets.

pypowerwall is in the ``bench`` extra; without it these tests are skipped. It is synchronous
(requests), so it runs in a worker thread while the simulator serves on the event loop.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio.to_thread
import pytest

from powerwall_async.testing import Simulator, simulate

pytest.importorskip("pypowerwall")

from pypowerwall.tedapi.pypowerwall_tedapi import (  # type: ignore[import-untyped]
    PyPowerwallTEDAPI,
)

pytestmark = [
    pytest.mark.anyio,
    # The peer's choice (verification off), which it announces with this warning.
    pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning"),
]


@pytest.fixture(autouse=True)
def _unverified_really(monkeypatch: pytest.MonkeyPatch) -> None:
    """pypowerwall turns certificate checks off on its session, but requests lets these
    variables (set on many CI images) turn them back on for every request."""
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)


def _client(sim: Simulator, query_set: str) -> PyPowerwallTEDAPI:
    # pypowerwall takes a host[:port] and always speaks HTTPS without verification.
    return PyPowerwallTEDAPI(
        sim.gateway_password, host=f"127.0.0.1:{sim.port}", tedapi_api_version=query_set
    )


async def _read(sim: Simulator, query_set: str) -> dict[str, Any]:
    def read() -> dict[str, Any]:
        client = _client(sim, query_set)
        answers = {
            "din": client.tedapi.din,
            "vitals": client.tedapi.vitals(force=True),
            "blocks": client.tedapi.get_blocks(force=True),
            "soe": client.get_api_system_status_soe(force=True),
            "grid": client.get_api_system_status_grid_status(force=True),
        }
        client.close_session()
        return answers

    return await anyio.to_thread.run_sync(read)


@pytest.mark.parametrize("query_set", ["V2024_06", "V2026_06"])
async def test_pypowerwall_reads_a_powerwall2_gateway(query_set: str) -> None:
    async with simulate(profile="pw2") as sim:
        answers = await _read(sim, query_set)
        rest_soe = sim.state.soe
    assert sim.tedapi is not None
    assert answers["din"] == sim.tedapi.site.din
    assert answers["soe"]["percentage"] == pytest.approx(rest_soe, abs=0.1)
    assert answers["grid"]["grid_status"] == "SystemGridConnected"
    blocks = answers["blocks"]
    assert sorted(blocks) == sorted(unit.din for unit in sim.tedapi.site.units)
    assert {block["nominal_full_pack_energy"] for block in blocks.values()} == {13_650, 13_550}
    vitals = answers["vitals"]
    inverter = vitals["PVAC--1538100-00-F--CN321234567890"]
    assert [inverter[f"PVAC_PvState_{letter}"] for letter in "ABCD"] == [
        "PV_Active",
        "PV_Active",
        "PV_Active",
        "PV_Disabled",
    ]
    assert "STSTSM--1232100-00-E--TG123456789012" in vitals


async def test_pypowerwall_reads_a_powerwall3_leader_its_followers_and_an_island() -> None:
    async with simulate(profile="pw3") as sim:
        sim.state.set_island_mode("intentional_reconnect_failsafe")
        answers = await _read(sim, "V2024_06")
    assert sim.tedapi is not None
    units = sim.tedapi.site.units
    assert answers["grid"]["grid_status"] == "SystemIslandedActive"
    blocks = answers["blocks"]
    assert set(blocks) >= {unit.din for unit in units}
    # Each follower's data came over its own /tedapi/device/<DIN>/v1.
    assert sim.request_log.matching("POST", f"/tedapi/device/{units[1].din}/v1")
    inverters = [name for name in answers["vitals"] if name.startswith("PVAC--")]
    assert len(inverters) == len(units)


async def test_pypowerwall_reads_a_powerwall3_over_v1r_with_a_registered_key(
    tmp_path: Path,
) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_file = tmp_path / "tedapi.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_file.chmod(0o600)
    async with simulate(profile="pw3") as sim:
        assert sim.tedapi is not None
        sim.tedapi.v1r.register(key)

        def read() -> dict[str, Any]:
            client = PyPowerwallTEDAPI(
                "",
                host=f"127.0.0.1:{sim.port}",
                v1r=True,
                password=sim.password,
                rsa_key_path=str(key_file),
            )
            answers = {
                "din": client.tedapi.din,
                "soe": client.get_api_system_status_soe(force=True),
                "grid": client.get_api_system_status_grid_status(force=True),
                "config": client.tedapi.get_config(force=True),
            }
            client.close_session()
            return answers

        answers = await anyio.to_thread.run_sync(read)
        soe = sim.state.soe
    assert answers["din"] == sim.tedapi.site.din
    assert answers["soe"]["percentage"] == pytest.approx(soe, abs=0.1)
    assert answers["grid"]["grid_status"] == "SystemGridConnected"
    assert answers["config"]["vin"] == sim.tedapi.site.din
    assert sim.request_log.matching("POST", "/tedapi/v1r")
