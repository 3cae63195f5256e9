"""``pw.system``: the declarations of its endpoints."""

from __future__ import annotations

from ..models.diagnostics import Diagnostic
from ..models.system import PingTest, SystemTesting, UpdateStatus
from ._declare import UNDOCUMENTED, action, action_returning, read

__all__ = [
    "SYSTEM_DELETE_TESTING",
    "SYSTEM_NETWORKS_CONN_TESTS",
    "SYSTEM_NETWORKS_PING_TEST",
    "SYSTEM_RUN_NETWORKS_CONN_TESTS",
    "SYSTEM_RUN_NETWORKS_PING_TEST",
    "SYSTEM_RUN_PINV_TEST",
    "SYSTEM_TESTING",
    "SYSTEM_UPDATE_STATUS",
]

SYSTEM_UPDATE_STATUS = read(
    "system", "update_status", "/system/update/status", UpdateStatus, "Firmware update state."
)
SYSTEM_TESTING = read(
    "system", "testing", "/system/testing", SystemTesting, "The last commissioning test."
)
SYSTEM_DELETE_TESTING = action(
    "system", "delete_testing", "DELETE", "/system/testing", "Clear the commissioning test."
)
SYSTEM_RUN_PINV_TEST = action(
    "system",
    "run_pinv_test",
    "POST",
    "/system/testing/PINV_TEST",
    "Run the battery inverter test. " + UNDOCUMENTED,
)
SYSTEM_NETWORKS_CONN_TESTS = read(
    "system",
    "networks_conn_tests",
    "/system/networks/conn_tests",
    Diagnostic,
    "The network connection test: its checks and their status.",
)
SYSTEM_RUN_NETWORKS_CONN_TESTS = action_returning(
    "system",
    "run_networks_conn_tests",
    "POST",
    "/system/networks/conn_tests",
    list[Diagnostic],
    doc="Start the network connection tests; poll networks_conn_tests().",
)
SYSTEM_NETWORKS_PING_TEST = read(
    "system",
    "networks_ping_test",
    "/system/networks/ping_test",
    PingTest,
    "The last ping test.",
)
SYSTEM_RUN_NETWORKS_PING_TEST = action(
    "system",
    "run_networks_ping_test",
    "POST",
    "/system/networks/ping_test",
    "Start a ping test. " + UNDOCUMENTED,
)
