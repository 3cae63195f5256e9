"""``pw.system``: /api/system/..."""

from __future__ import annotations

from .._endpoints import system as E  # noqa: N812 - the declarations read as E.NAME
from ..models.diagnostics import Diagnostic
from ..models.system import PingTest, SystemTesting, UpdateStatus
from ._bodies import JsonObject, passthrough_body
from ._group import Group


class SystemGroup(Group):
    """Firmware updates, commissioning tests and network tests."""

    async def update_status(self) -> UpdateStatus:
        """GET /api/system/update/status: the firmware update state."""
        return await self._session.call(E.SYSTEM_UPDATE_STATUS)

    async def testing(self) -> SystemTesting:
        """GET /api/system/testing: the last commissioning test."""
        return await self._session.call(E.SYSTEM_TESTING)

    async def delete_testing(self) -> None:
        """DELETE /api/system/testing: clear the commissioning test."""
        await self._session.call(E.SYSTEM_DELETE_TESTING)

    async def run_pinv_test(self, body: JsonObject | None = None) -> None:
        """POST /api/system/testing/PINV_TEST (the body is undocumented; sent as given)."""
        await self._session.call(E.SYSTEM_RUN_PINV_TEST, body=passthrough_body(body))

    async def networks_conn_tests(self) -> Diagnostic:
        """GET /api/system/networks/conn_tests: the network test's checks and status."""
        return await self._session.call(E.SYSTEM_NETWORKS_CONN_TESTS)

    async def run_networks_conn_tests(self) -> list[Diagnostic] | None:
        """POST /api/system/networks/conn_tests: start the tests; poll
        ``networks_conn_tests()`` for the outcome."""
        return await self._session.call(E.SYSTEM_RUN_NETWORKS_CONN_TESTS)

    async def networks_ping_test(self) -> PingTest:
        """GET /api/system/networks/ping_test: the last ping test."""
        return await self._session.call(E.SYSTEM_NETWORKS_PING_TEST)

    async def run_networks_ping_test(self, body: JsonObject | None = None) -> None:
        """POST /api/system/networks/ping_test (the body is undocumented; sent as given)."""
        await self._session.call(E.SYSTEM_RUN_NETWORKS_PING_TEST, body=passthrough_body(body))
