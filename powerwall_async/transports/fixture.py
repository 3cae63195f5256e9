"""Replays a directory of recorded gateway responses (scheme ``fixture``).

The layout is the one of the API document's samples: ``meters.aggregates.json`` is the body
of ``GET /api/meters/aggregates`` (``.bin`` a binary body, ``.txt`` a plain-text one such as
``tedapi.din.txt``); ``meters.aggregates.err`` is a raw HTTP response (status line,
headers, a blank line, the body) for an endpoint that answered with an error. Other methods
look for ``<name>.<method>.json`` / ``.err`` (``operation.post.json``). Anything not recorded
answers 404, as the gateway does for an endpoint its firmware lacks.

It needs no network and does not import httpx.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import anyio.to_thread

from .._errors import GatewayUnreachableError
from ._base import Request, Response

__all__ = ["FixtureTransport", "load_recordings", "parse_recorded_response", "recording_name"]

NOT_FOUND_BODY = b"404 page not found\n"


def recording_name(method: str, path: str, body: bytes | None = None) -> str:
    """The file stem under which a request is recorded (``GET /api/a/b`` → ``a.b``).

    TEDAPI v1 requests all go to one path: they are named for what their ``body`` asks,
    ``POST /tedapi/v1`` reading the config → ``tedapi.v1.config`` (a follower's
    ``tedapi.device.<DIN>.v1.components``)."""
    route = unquote(urlsplit(path).path)
    if route.startswith("/api/"):
        route = route[len("/api/") :]
    segments = [segment for segment in route.split("/") if segment]
    if not segments or any(segment in {".", ".."} for segment in segments):
        raise ValueError(f"not a recordable API path: {path!r}")
    stem = ".".join(segments)
    if method.upper() == "GET":
        return stem
    if body and segments[0] == "tedapi" and segments[-1] == "v1":
        from ..tedapi.recordings import v1_request_kind

        kind = v1_request_kind(body)
        if kind is not None:
            return f"{stem}.{kind}"
    return f"{stem}.{method.lower()}"


def parse_recorded_response(raw: bytes) -> Response:
    """Parse a raw HTTP response as curl records it (``HTTP/2 502`` status line and all)."""
    normalised = raw.replace(b"\r\n", b"\n")
    head, _, body = normalised.partition(b"\n\n")
    lines = head.decode("latin-1").split("\n")
    parts = lines[0].split()
    if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
        raise ValueError(f"not a recorded HTTP response: first line {lines[0][:60]!r}")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    headers.pop("content-length", None)
    return Response(status=int(parts[1]), headers=headers, body=body)


# The API document's recorder wrote its placeholders as <<METER_SERIAL>> inside the bodies but
# dropped the brackets in file names; GET /api/meters lists the bracketed serial.
_UNBRACKETED = re.compile(r"(?<!<<)\b(METER_SERIAL|GATEWAY_TSN|SERIAL_NUMBER)(?!>>)")


def load_recordings(directory: Path) -> dict[str, Response]:
    """Every recording in ``directory`` by name (``meters.aggregates``); blocking file I/O."""
    if not directory.is_dir():
        raise FileNotFoundError(f"no recordings directory at {directory}")
    recordings: dict[str, Response] = {}
    for file in sorted(directory.iterdir()):
        if file.suffix == ".json":
            recordings[file.stem] = Response(
                status=200, headers={"content-type": "application/json"}, body=file.read_bytes()
            )
        elif file.suffix == ".bin":
            recordings[file.stem] = Response(
                status=200,
                headers={"content-type": "application/octet-stream"},
                body=file.read_bytes(),
            )
        elif file.suffix == ".txt" and file.name != "README.txt":
            recordings[file.stem] = Response(
                status=200, headers={"content-type": "text/plain"}, body=file.read_bytes()
            )
        elif file.suffix == ".err":
            recordings[file.stem] = parse_recorded_response(file.read_bytes())
    for name in list(recordings):
        bracketed = _UNBRACKETED.sub(r"<<\1>>", name)
        recordings.setdefault(bracketed, recordings[name])
    return recordings


class FixtureTransport:
    """A :class:`~powerwall_async.transports.Transport` answering from recorded files."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self._recordings: dict[str, Response] | None = None
        self.requests: list[Request] = []
        """Every request sent, in order (for tests that assert what reached the 'gateway')."""

    @classmethod
    def from_url(cls, url: str, **_options: Any) -> FixtureTransport:
        """``fixture:///abs/path`` or ``fixture://rel/path``; connection options are ignored."""
        parts = urlsplit(url)
        return cls(unquote(parts.netloc + parts.path))

    @property
    def http2(self) -> bool:
        """Recordings answer one request at a time."""
        return False

    @property
    def logins(self) -> bool:
        """Whether the recordings hold a login answer (replayed sessions need one)."""
        stem = recording_name("POST", "/api/login/Basic")
        return any((self.directory / f"{stem}{suffix}").exists() for suffix in (".json", ".err"))

    def __repr__(self) -> str:
        return f"FixtureTransport({str(self.directory)!r})"

    async def send(self, request: Request, *, timeout: float | None = None) -> Response:
        if self._recordings is None:
            try:
                self._recordings = await anyio.to_thread.run_sync(load_recordings, self.directory)
            except (OSError, ValueError) as exc:
                raise GatewayUnreachableError(
                    f"cannot read the recordings in {self.directory}: {exc}"
                ) from exc
        self.requests.append(request)
        try:
            name = recording_name(request.method, request.path, request.body)
        except ValueError:
            return Response(status=404, body=NOT_FOUND_BODY)
        recorded = self._recordings.get(name)
        if recorded is None:
            return Response(status=404, headers={"content-type": "text/plain"}, body=NOT_FOUND_BODY)
        return recorded

    async def aclose(self) -> None:
        self._recordings = None
