"""The interface of an authentication strategy, and what the session offers one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import attrs

from .._errors import PowerwallError, error_for_status

if TYPE_CHECKING:
    from .._endpoint import Endpoint
    from ..transports import Response

__all__ = ["Auth", "Channel", "Refusal"]


class Channel(Protocol):
    """What a strategy may ask of the session: one request, and the error an answer means."""

    async def send(
        self, endpoint: Endpoint[Any], path: str, body: object = None, *, auth: Auth | None = None
    ) -> Response:
        """Send one request (cooldowns and the in-flight limit apply; never repeated)."""
        ...

    def check(self, response: Response, endpoint: Endpoint[Any], path: str) -> Response:
        """Return a success; raise the error an HTTP error status means (429 starts a cooldown)."""
        ...


@attrs.frozen
class Refusal:
    """An answer that refused the credentials a request was sent with."""

    response: Response
    endpoint: Endpoint[Any]
    path: str
    used: object
    """What :meth:`Auth.apply` returned for that request (the token, say)."""
    obtained: bool
    """Credentials were already obtained during this call (a fresh login)."""

    @property
    def where(self) -> str:
        return f"{self.endpoint.method} {self.path}"


class Auth:
    """How one family of endpoints is sent credentials. The defaults send none.

    The session, for each call: :meth:`obtain` first when :meth:`missing`; :meth:`apply` to
    each request; on an answer :meth:`refused` says is a refusal, :meth:`recover` once (it
    re-authenticates and names the strategy to re-send with, or raises); if the re-sent request
    is refused too, :meth:`refusal_error` is raised. :meth:`accepted` hears of every success.
    """

    def apply(self, headers: dict[str, str]) -> object:
        """Put the credentials into ``headers``; return what was put (``None``: nothing)."""
        return None

    def missing(self) -> bool:
        """Whether credentials must be obtained before the first request of a call."""
        return False

    async def obtain(self, channel: Channel, *, replacing: object) -> None:
        """Obtain credentials, unless another task already replaced ``replacing``."""

    def refused(self, response: Response) -> bool:
        """Whether ``response`` refuses the credentials (401 or 403 by default)."""
        return response.status in (401, 403)

    async def recover(self, channel: Channel, refusal: Refusal) -> Auth:
        """After a refusal: re-authenticate and return the strategy to re-send with, or raise
        the error the caller sees when re-authenticating cannot help."""
        raise self.refusal_error(refusal)

    def refusal_error(self, refusal: Refusal) -> PowerwallError:
        """The error for a refusal that re-authenticating did not (or could not) cure."""
        return error_for_status(
            refusal.response.status,
            refusal.response.body,
            method=refusal.endpoint.method,
            path=refusal.path,
        )

    def accepted(self, used: object) -> None:
        """A request sent with ``used`` was answered without an error status."""
