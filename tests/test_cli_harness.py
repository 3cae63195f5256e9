"""A first test that the command line works, against a simulator on each of its loops."""

from __future__ import annotations

from pathlib import Path

import pytest

from .cli_helpers import running_cli


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_status_over_tls_against_a_simulator_on_each_loop(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with running_cli(tmp_path, monkeypatch, backend) as cli:
        report = cli.json("status")
        assert report["firmware"] == "21.44 223a56cd"
        assert report["operation"]["mode"] == cli.sim.state.real_mode
        assert cli.logins() == 1
        assert all(entry.status is not None for entry in cli.sim.request_log)
        assert {entry.path for entry in cli.sim.request_log} >= {
            "/api/status",
            "/api/system_status/soe",
        }
