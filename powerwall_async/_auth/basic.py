"""HTTP Basic with the gateway's Wi-Fi password: the credentials of TEDAPI."""

from __future__ import annotations

import base64

from .._errors import GatewayPasswordError, PowerwallError
from ._base import Auth, Channel, Refusal

__all__ = ["GATEWAY_USERNAME", "GatewayBasic"]

GATEWAY_USERNAME = "Tesla_Energy_Device"
"""The fixed HTTP Basic username of the gateway's TEDAPI."""


class GatewayBasic(Auth):
    """HTTP Basic with the fixed username and the gateway's Wi-Fi password (TEDAPI).

    Nothing to log in to: a refusal is final (re-sending the same password cannot help).
    """

    def __init__(self, password: str | None) -> None:
        self._header = (
            None
            if password is None
            else "Basic "
            + base64.b64encode(f"{GATEWAY_USERNAME}:{password}".encode()).decode("ascii")
        )

    def __repr__(self) -> str:
        return f"GatewayBasic(password={'set' if self._header else None})"

    def apply(self, headers: dict[str, str]) -> object:
        if self._header is not None:
            headers["authorization"] = self._header
        return self._header is not None

    def missing(self) -> bool:
        return self._header is None

    async def obtain(self, channel: Channel, *, replacing: object) -> None:
        raise GatewayPasswordError(
            "TEDAPI needs the gateway password: pass gateway_password= (the full Wi-Fi "
            "password printed on the gateway's label or QR sticker; on a Powerwall 3, the "
            "sticker on the unit), or tedapi_key= for the signed v1r path",
            status=401,
        )

    def refusal_error(self, refusal: Refusal) -> PowerwallError:
        status = refusal.response.status
        return GatewayPasswordError(
            f"{refusal.where} answered {status}: the gateway password was refused. Either it "
            "is wrong (gateway_password= is the full Wi-Fi/QR sticker password, not the "
            "customer password), or, on firmware 25.10 and later, the request did not come "
            "from the gateway's own Wi-Fi network 192.168.91.0/24 (TEDAPI v1 answers only "
            "there). To tell them apart: if this computer has no 192.168.91.x address (join "
            "the TEG-xxx / TeslaPW_xxx Wi-Fi), it is the network; if it has one, the password",
            status=status,
            path=refusal.path,
            method=refusal.endpoint.method,
        )
