"""``pw.networks``: /api/networks/..."""

from __future__ import annotations

from collections.abc import Iterable

from ..models.networks import AccessPoint, ClientProtocols, Network
from ._bodies import (
    JsonObject,
    client_protocols_body,
    connect_body,
    network_body,
    passthrough_body,
    path_argument,
)
from ._group import Group, action, read


class NetworksGroup(Group):
    """The gateway's Ethernet, Wi-Fi and cellular connections."""

    @read("/networks")
    async def get(self) -> list[Network]:
        """The configured networks."""
        return await self._call(self.get)

    @read("/networks/client_protocols")
    async def client_protocols(self) -> ClientProtocols:
        """Which local protocols (Modbus, DNP3, ...) the gateway serves."""
        return await self._call(self.client_protocols)

    @read("/networks/access_points")
    async def access_points(self) -> list[AccessPoint]:
        """The Wi-Fi networks the gateway can see."""
        return await self._call(self.access_points)

    @action("POST", "/networks")
    async def add(
        self,
        network_name: str,
        *,
        interface: str = "WifiType",
        security_type: str = "WPA2_Personal",
    ) -> None:
        """Configure a network (interface, name, security)."""
        body = network_body(network_name, interface=interface, security_type=security_type)
        await self._call(self.add, body=body)

    @action("DELETE", "/networks")
    async def delete(self, body: JsonObject | None = None) -> None:
        """Remove a network. Undocumented: the request body is passed through as given."""
        await self._call(self.delete, body=passthrough_body(body))

    @action("DELETE", "/networks/{name}/disconnect")
    async def disconnect(self, name: str) -> None:
        """Disconnect a network."""
        await self._call(self.disconnect, path_argument(name, "name"))

    @action("POST", "/networks/client_protocols")
    async def set_client_protocols(
        self,
        *,
        dnp3: bool | None = None,
        m2m: bool | None = None,
        mtls: bool | None = None,
        modbus: bool | None = None,
        allow_public_ip: bool | None = None,
    ) -> None:
        """Turn local protocols on or off.

        Only the protocols named are sent; the others keep their setting.
        """
        body = client_protocols_body(
            dnp3=dnp3, m2m=m2m, mtls=mtls, modbus=modbus, allow_public_ip=allow_public_ip
        )
        await self._call(self.set_client_protocols, body=body)

    @action("POST", "/networks/connect")
    async def connect(
        self,
        network_name: str,
        password: str,
        *,
        interface: str = "WifiType",
        security_type: str = "WPA2_Personal",
        username: str = "",
        dns_servers: Iterable[str] = (),
    ) -> None:
        """Join a Wi-Fi network."""
        body = connect_body(
            network_name,
            password,
            interface=interface,
            security_type=security_type,
            username=username,
            dns_servers=dns_servers,
        )
        await self._call(self.connect, body=body)

    @action("POST", "/networks/enable_{kind}")
    async def enable(self, kind: str, body: JsonObject | None = None) -> None:
        """Enable or disable a kind of network (enable_<kind>). Undocumented: the request body
        is passed through as given."""
        kind = path_argument(kind, "kind")
        await self._call(self.enable, kind, body=passthrough_body(body))

    @action("POST", "/networks/request_scan_wifi")
    async def request_scan_wifi(self) -> None:
        """Scan for Wi-Fi networks (then read networks.access_points())."""
        await self._call(self.request_scan_wifi)
