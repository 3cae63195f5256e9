"""``pw.system``: /api/system/..."""

from __future__ import annotations

from ..models.diagnostics import Diagnostic
from ..models.system import PingTest, SystemTesting, UpdateStatus
from ._bodies import JsonObject, passthrough_body
from ._group import Group, action, read


class SystemGroup(Group):
    """Firmware updates, commissioning tests and network tests."""

    @read("/system/update/status")
    async def update_status(self) -> UpdateStatus:
        """Firmware update state."""
        return await self._call(self.update_status)

    @read("/system/testing")
    async def testing(self) -> SystemTesting:
        """The last commissioning test."""
        return await self._call(self.testing)

    @action("DELETE", "/system/testing")
    async def delete_testing(self) -> None:
        """Clear the commissioning test."""
        await self._call(self.delete_testing)

    @action("POST", "/system/testing/PINV_TEST")
    async def run_pinv_test(self, body: JsonObject | None = None) -> None:
        """Run the battery inverter test. Undocumented: the request body is passed through as
        given."""
        await self._call(self.run_pinv_test, body=passthrough_body(body))

    @read("/system/networks/conn_tests")
    async def networks_conn_tests(self) -> Diagnostic:
        """The network connection test: its checks and their status."""
        return await self._call(self.networks_conn_tests)

    @action("POST", "/system/networks/conn_tests")
    async def run_networks_conn_tests(self) -> list[Diagnostic] | None:
        """Start the network connection tests; poll networks_conn_tests()."""
        return await self._call(self.run_networks_conn_tests)

    @read("/system/networks/ping_test")
    async def networks_ping_test(self) -> PingTest:
        """The last ping test."""
        return await self._call(self.networks_ping_test)

    @action("POST", "/system/networks/ping_test")
    async def run_networks_ping_test(self, body: JsonObject | None = None) -> None:
        """Start a ping test. Undocumented: the request body is passed through as given."""
        await self._call(self.run_networks_ping_test, body=passthrough_body(body))
