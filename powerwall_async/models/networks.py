"""GET /api/networks, /api/networks/client_protocols and /api/networks/access_points."""

from __future__ import annotations

import attrs

from ._types import GatewayEnum


class InterfaceType(GatewayEnum):
    """``interface`` of a network in GET /api/networks."""

    ETHERNET = "EthType"
    WIFI = "WifiType"
    CELLULAR = "GsmType"
    UNKNOWN = "UNKNOWN"


@attrs.frozen(kw_only=True)
class ExtraIp:
    """An additional address on an interface (``extra_ips`` in GET /api/networks)."""

    ip: str = ""
    netmask: int | None = None


@attrs.frozen(kw_only=True)
class IpNetwork:
    """An address and mask (``ip_networks`` in GET /api/networks)."""

    ip: str = ""
    mask: str = ""


@attrs.frozen(kw_only=True)
class IfaceNetworkInfo:
    """The live state of a network interface (``iface_network_info`` in GET /api/networks)."""

    network_name: str = ""
    ip_networks: tuple[IpNetwork, ...] = ()
    gateway: str = ""
    interface: InterfaceType = InterfaceType.UNKNOWN
    interface_raw: str = ""
    state: str = ""
    state_reason: str = ""
    signal_strength: int | None = None
    hw_address: str = ""


@attrs.frozen(kw_only=True)
class Network:
    """One configured network in GET /api/networks (Ethernet, Wi-Fi or cellular)."""

    network_name: str = ""
    interface: InterfaceType = InterfaceType.UNKNOWN
    interface_raw: str = ""
    security_type: str = ""
    dhcp: bool | None = None
    username: str = ""
    enabled: bool | None = None
    extra_ips: tuple[ExtraIp, ...] | None = None
    active: bool | None = None
    primary: bool | None = None
    lastTeslaConnected: bool | None = None  # noqa: N815 - the gateway's names
    lastInternetConnected: bool | None = None  # noqa: N815
    iface_network_info: IfaceNetworkInfo | None = None


@attrs.frozen(kw_only=True)
class ClientProtocols:
    """GET /api/networks/client_protocols: which local protocols the gateway serves."""

    dnp3: bool | None = None
    m2m: bool | None = None
    mtls: bool | None = None
    modbus: bool | None = None
    allow_public_ip: bool | None = None


@attrs.frozen(kw_only=True)
class AccessPoint:
    """One Wi-Fi network the gateway can see (GET /api/networks/access_points)."""

    ssid: str = ""
    bssid: str = ""
    channel: int | None = None
    signal_strength: int | None = None
    security_type: str = ""
