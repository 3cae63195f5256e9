"""``pw.networks``: /api/networks/..."""

from __future__ import annotations

from collections.abc import Iterable

from .._endpoints import networks as E  # noqa: N812 - the declarations read as E.NAME
from ..models.networks import AccessPoint, ClientProtocols, Network
from ._bodies import (
    JsonObject,
    client_protocols_body,
    connect_body,
    network_body,
    passthrough_body,
    path_argument,
)
from ._group import Group


class NetworksGroup(Group):
    """The gateway's Ethernet, Wi-Fi and cellular connections."""

    async def get(self) -> list[Network]:
        """GET /api/networks: the configured networks."""
        return await self._session.call(E.NETWORKS_GET)

    async def client_protocols(self) -> ClientProtocols:
        """GET /api/networks/client_protocols: Modbus, DNP3, ... on or off."""
        return await self._session.call(E.NETWORKS_CLIENT_PROTOCOLS)

    async def access_points(self) -> list[AccessPoint]:
        """GET /api/networks/access_points: visible Wi-Fi networks."""
        return await self._session.call(E.NETWORKS_ACCESS_POINTS)

    async def add(
        self,
        network_name: str,
        *,
        interface: str = "WifiType",
        security_type: str = "WPA2_Personal",
    ) -> None:
        """POST /api/networks: configure a network."""
        body = network_body(network_name, interface=interface, security_type=security_type)
        await self._session.call(E.NETWORKS_ADD, body=body)

    async def delete(self, body: JsonObject | None = None) -> None:
        """DELETE /api/networks (the body is undocumented; sent as given)."""
        await self._session.call(E.NETWORKS_DELETE, body=passthrough_body(body))

    async def disconnect(self, name: str) -> None:
        """DELETE /api/networks/{name}/disconnect."""
        await self._session.call(E.NETWORKS_DISCONNECT, path_argument(name, "name"))

    async def set_client_protocols(
        self,
        *,
        dnp3: bool | None = None,
        m2m: bool | None = None,
        mtls: bool | None = None,
        modbus: bool | None = None,
        allow_public_ip: bool | None = None,
    ) -> None:
        """POST /api/networks/client_protocols: turn the named protocols on or off."""
        body = client_protocols_body(
            dnp3=dnp3, m2m=m2m, mtls=mtls, modbus=modbus, allow_public_ip=allow_public_ip
        )
        await self._session.call(E.NETWORKS_SET_CLIENT_PROTOCOLS, body=body)

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
        """POST /api/networks/connect: join a Wi-Fi network."""
        body = connect_body(
            network_name,
            password,
            interface=interface,
            security_type=security_type,
            username=username,
            dns_servers=dns_servers,
        )
        await self._session.call(E.NETWORKS_CONNECT, body=body)

    async def enable(self, kind: str, body: JsonObject | None = None) -> None:
        """POST /api/networks/enable_{kind} (the body is undocumented; sent as given)."""
        kind = path_argument(kind, "kind")
        await self._session.call(E.NETWORKS_ENABLE, kind, body=passthrough_body(body))

    async def request_scan_wifi(self) -> None:
        """POST /api/networks/request_scan_wifi: scan; then read ``access_points()``."""
        await self._session.call(E.NETWORKS_REQUEST_SCAN_WIFI)
