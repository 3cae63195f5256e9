"""``pw.networks``: the declarations of its endpoints."""

from __future__ import annotations

from ..models.networks import AccessPoint, ClientProtocols, Network
from ._declare import UNDOCUMENTED, action, read

__all__ = [
    "NETWORKS_ACCESS_POINTS",
    "NETWORKS_ADD",
    "NETWORKS_CLIENT_PROTOCOLS",
    "NETWORKS_CONNECT",
    "NETWORKS_DELETE",
    "NETWORKS_DISCONNECT",
    "NETWORKS_ENABLE",
    "NETWORKS_GET",
    "NETWORKS_REQUEST_SCAN_WIFI",
    "NETWORKS_SET_CLIENT_PROTOCOLS",
]

NETWORKS_GET = read("networks", "get", "/networks", list[Network], "The configured networks.")
NETWORKS_CLIENT_PROTOCOLS = read(
    "networks",
    "client_protocols",
    "/networks/client_protocols",
    ClientProtocols,
    "Which local protocols (Modbus, DNP3, ...) the gateway serves.",
)
NETWORKS_ACCESS_POINTS = read(
    "networks",
    "access_points",
    "/networks/access_points",
    list[AccessPoint],
    "The Wi-Fi networks the gateway can see.",
)
NETWORKS_ADD = action(
    "networks", "add", "POST", "/networks", "Configure a network (interface, name, security)."
)
NETWORKS_DELETE = action(
    "networks", "delete", "DELETE", "/networks", "Remove a network. " + UNDOCUMENTED
)
NETWORKS_DISCONNECT = action(
    "networks", "disconnect", "DELETE", "/networks/{name}/disconnect", "Disconnect a network."
)
NETWORKS_SET_CLIENT_PROTOCOLS = action(
    "networks",
    "set_client_protocols",
    "POST",
    "/networks/client_protocols",
    "Turn local protocols on or off.",
)
NETWORKS_CONNECT = action(
    "networks", "connect", "POST", "/networks/connect", "Join a Wi-Fi network."
)
NETWORKS_ENABLE = action(
    "networks",
    "enable",
    "POST",
    "/networks/enable_{kind}",
    "Enable or disable a kind of network (enable_<kind>). " + UNDOCUMENTED,
)
NETWORKS_REQUEST_SCAN_WIFI = action(
    "networks",
    "request_scan_wifi",
    "POST",
    "/networks/request_scan_wifi",
    "Scan for Wi-Fi networks (then read networks.access_points()).",
)
