"""The TLS transport through an application's own :class:`httpx.AsyncClient`.

The client's pool, proxy settings and limits are used; what could let a wrong peer or a
hostile answer through is not:

- the pin is checked on the very connection each request is about to be written to (see
  ``_guard``): a new one, a keep-alive one the client already held, or one tunnelled
  through a proxy (``proxy=`` or ``HTTPS_PROXY``);
- redirects are never followed, whatever the client's ``follow_redirects``;
- the client's own ``auth`` is not applied to the gateway;
- the body is read raw (``Accept-Encoding: identity`` is asked for) and inflated here, within
  the size cap, instead of by httpx without a bound.
"""

from __future__ import annotations

from typing import Any

import httpx

from .._errors import CertificateError
from ._base import Request, Response
from ._body import BoundedBody
from ._guard import RequestGuard

__all__ = ["AppClient"]


class AppClient:
    """Requests through ``client``; it is never closed here."""

    def __init__(self, client: httpx.AsyncClient, *, max_body_size: int) -> None:
        self.client = client
        self._max_body_size = max_body_size

    async def exchange(
        self, request: Request, url: str, guard: RequestGuard, extensions: dict[str, Any]
    ) -> Response:
        """Send ``request``; ``extensions`` are httpcore's (timeouts, SNI name, the guard)."""
        outgoing = self.client.build_request(
            request.method,
            url,
            headers={**request.headers, "accept-encoding": "identity"},
            content=request.body or None,
            extensions=extensions,
        )
        response = await self.client.send(outgoing, stream=True, follow_redirects=False, auth=None)
        try:
            if guard.pin is not None and not guard.pin_checked:
                # The client's transport is not httpcore's: the pin was never checked.
                raise CertificateError(
                    f"the application's httpx client does not reach {guard.where} through "
                    "httpx's own transport, so the pinned certificate could not be checked"
                )
            headers = {k.lower(): v for k, v in response.headers.items()}
            body = BoundedBody(self._max_body_size, guard.where, headers)
            content = await body.read(response.aiter_raw(), response.extensions)
        finally:
            await response.aclose()
        return Response(status=response.status_code, headers=headers, body=content)
