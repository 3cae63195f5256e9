"""The engine's DEBUG logs (httpcore, hpack) never show a credential header's value."""

from __future__ import annotations

import logging

import pytest

from powerwall_async.transports.tls import TlsTransport

SECRET = "TAIL-OF-THE-SECRET-0123456789"


@pytest.mark.parametrize(
    "header",
    [
        (b"authorization", b"Bearer abc" + SECRET.encode()),
        (b"Cookie", b"AuthCookie=a'b\"" + SECRET.encode()),  # both quote kinds: repr escapes '
        (b"set-cookie", b'UserRecord="' + SECRET.encode() + b'"; Path=/'),
        ("authorization", "Bearer x\\'" + SECRET),
        (b"set-cookie", b"k=v\\" + SECRET.encode()),
    ],
)
@pytest.mark.parametrize("logger_name", ["httpcore.http11", "httpcore.http2", "hpack.hpack"])
def test_credential_headers_are_redacted_whatever_their_quotes(
    caplog: pytest.LogCaptureFixture, header: tuple[object, object], logger_name: str
) -> None:
    TlsTransport("10.0.0.1")  # the first transport installs the filter
    headers = [(b"content-type", b"application/json"), header, (b"content-length", b"2")]
    with caplog.at_level(logging.DEBUG, logger=logger_name):
        logging.getLogger(logger_name).debug("send_request_headers.started headers=%r", headers)
    (record,) = [r for r in caplog.records if r.name == logger_name]
    message = record.getMessage()
    assert SECRET not in message
    assert "<redacted>" in message
    assert "b'application/json'" in message
    assert "b'content-length', b'2'" in message
