"""The transport contract (tests/transport_contract.py) for the TLS transport: its own pool
over HTTP/2 (the default) and HTTP/1.1, and an application's httpx.AsyncClient."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Mapping
from typing import ClassVar

import httpx
import pytest

import powerwall_async as pwa

from .transport_contract import OpenClient, TransportContract


class TestOwnPoolHttp2Contract(TransportContract):
    @pytest.fixture
    def open_client(self) -> OpenClient:
        return pwa.Powerwall.connect


class TestOwnPoolHttp11Contract(TransportContract):
    @pytest.fixture
    def open_client(self) -> OpenClient:
        return functools.partial(pwa.Powerwall.connect, http2=False)


class TestAppClientContract(TransportContract):
    @pytest.fixture
    async def open_client(self) -> AsyncIterator[OpenClient]:
        async with httpx.AsyncClient(verify=False, http2=True) as client:
            yield functools.partial(pwa.Powerwall.connect, http_client=client)
            assert not client.is_closed  # never closed by the library

    # The application's client decides trust with its own `verify`: the transport's
    # cadata does not apply, nor the system trust store (the pin does: the contract's pin
    # cases and tests/test_tls_app_client_pin.py check it).
    not_applicable: ClassVar[Mapping[str, str]] = dict.fromkeys(
        (
            "test_forced_sni_reaches_the_gateway_by_dns_name",
            "test_untrusted_certificate_names_its_fingerprint",
            "test_a_different_exported_certificate_is_refused",
        ),
        "the application's httpx client verifies certificates its own way",
    )

    # httpx leaves its request body's async generator to the garbage collector when the
    # write fails; under trio that warns ("was garbage collected before it had been
    # exhausted"). The behaviour checked is the contract's.
    @pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
    async def test_reset_mid_write_is_unreachable_and_never_resent(
        self, open_client: OpenClient
    ) -> None:
        await super().test_reset_mid_write_is_unreachable_and_never_resent(open_client)
