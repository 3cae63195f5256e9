"""Writing captured answers in the fixture transport's layout, redacted, with a README.

``a.b.c.json`` holds the body of a 200 answer to ``GET /api/a/b/c``; ``.bin`` a binary one
(vitals); ``.err`` any other answer as a raw HTTP response (status line, headers, blank line,
body). ``fixture://DIR`` replays the directory as it is.
"""

from __future__ import annotations

import contextlib
import json
import re
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import attrs

from .. import __version__, endpoints
from ..redaction import Redactor, redact_vitals, vitals_as_json
from ..tedapi.recordings import redact_v1_answer, v1_answer_as_json
from ..transports import Response
from ._text import printable

__all__ = [
    "Captured",
    "RecordedFile",
    "Recording",
    "clear_recordings",
    "file_inside",
    "safe_file_name",
    "write_recordings",
]

RECORDING_SUFFIXES = (".json", ".err", ".bin", ".txt")
_KEPT_HEADERS = ("content-type", "cache-control", "x-content-type-options", "retry-after")
"""Headers copied into ``.err`` files; the rest (dates, cookies, lengths) are left out."""


@attrs.frozen
class Captured:
    """One answer as the gateway sent it."""

    path: str
    """The request path, percent-encoded as sent (``/api/meters/X/cts``)."""
    stem: str
    """Its recording name (``meters.X.cts``), before redaction."""
    response: Response = attrs.field(repr=False)
    method: str = "GET"


@attrs.frozen
class RecordedFile:
    """One file written, with what it answers (both redacted)."""

    path: str
    file: str
    status: int
    method: str = "GET"


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None


def _is_tedapi(captured: Captured) -> bool:
    """A TEDAPI v1 answer (a protobuf message)."""
    return captured.method == "POST" and captured.response.status == 200


def _is_text(captured: Captured) -> bool:
    """A plain-text answer (``GET /tedapi/din``)."""
    content_type = captured.response.headers.get("content-type", "")
    return captured.response.status == 200 and content_type.startswith("text/plain")


def _is_vitals(captured: Captured) -> bool:
    return (
        captured.path == endpoints.named("devices.vitals").url_path()
        and captured.response.status == 200
    )


_UNSAFE_IN_NAMES = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
"""Characters no file name may hold here or on Windows (the stem is decoded already)."""
_WINDOWS_DEVICES = re.compile(r"(CON|PRN|AUX|NUL|COM\d|LPT\d)(\..*)?", re.IGNORECASE)


def safe_file_name(name: str) -> str:
    """``name`` usable as one file name everywhere: no separators, no characters Windows
    refuses, no device names, no leading dot, no trailing dot or space, not too long."""
    name = _UNSAFE_IN_NAMES.sub("_", printable(name, limit=None)).strip(" .") or "_"
    if _WINDOWS_DEVICES.fullmatch(name):
        name = f"_{name}"
    return name[:200]


def file_inside(directory: Path, name: str) -> Path:
    """``directory / name``, checked to stay inside ``directory`` once resolved."""
    path = directory / name
    if path.resolve().parent != directory.resolve():
        raise ValueError(f"{name!r} would be written outside {directory}")
    return path


def learn_all(captures: list[Captured], redactor: Redactor) -> None:
    """Let the redactor see every answer before anything is written."""
    for captured in captures:
        redactor.learn_text(captured.stem)
        body = captured.response.body
        decoded = _json(body)
        if decoded is not None:
            redactor.learn(decoded)
        elif _is_vitals(captured) or _is_tedapi(captured):
            as_json = v1_answer_as_json if _is_tedapi(captured) else vitals_as_json
            try:
                redactor.learn(as_json(body))
            except ValueError:
                continue
        else:
            redactor.learn_text(body.decode("utf-8", "replace"))


def _raw_response(response: Response, body: bytes) -> bytes:
    reason = ""
    with contextlib.suppress(ValueError):  # a status Python has no name for
        reason = HTTPStatus(response.status).phrase
    lines = [f"HTTP/1.1 {response.status} {reason}".rstrip()]
    lines += [
        f"{name}: {response.headers[name]}" for name in _KEPT_HEADERS if name in response.headers
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _redacted_body(response: Response, redactor: Redactor) -> bytes:
    decoded = _json(response.body)
    if decoded is not None:
        return json.dumps(redactor.redact(decoded), separators=(",", ":")).encode()
    return redactor.redact_text(response.body.decode("utf-8", "replace")).encode()


def _file_for(captured: Captured, redactor: Redactor) -> tuple[str, bytes] | None:
    """(suffix, content) of the file to write, or ``None`` for a body that cannot be redacted."""
    response = captured.response
    if response.status != 200 or not response.body:
        return ".err", _raw_response(response, _redacted_body(response, redactor))
    decoded = _json(response.body)
    if decoded is not None:
        return ".json", (json.dumps(redactor.redact(decoded), indent=2) + "\n").encode()
    if _is_text(captured):
        return ".txt", redactor.redact_text(response.body.decode("utf-8", "replace")).encode()
    if _is_vitals(captured) or _is_tedapi(captured):
        redact_binary = redact_v1_answer if _is_tedapi(captured) else redact_vitals
        try:
            return ".bin", redact_binary(response.body, redactor)
        except ValueError:
            return None
    return None


def clear_recordings(directory: Path) -> None:
    """Delete the recordings (and README) an earlier run left in ``directory``."""
    for file in directory.iterdir():
        if file.suffix in RECORDING_SUFFIXES or file.name == "README.txt":
            file.unlink()


@attrs.frozen
class Recording:
    """What was written, and what was not (with the reason), both redacted."""

    files: list[RecordedFile]
    not_recorded: list[str]


def write_recordings(
    directory: Path,
    captures: list[Captured],
    redactor: Redactor,
    *,
    not_recorded: list[str],
) -> Recording:
    """Write every capture (redacted) and a README."""
    learn_all(captures, redactor)
    not_recorded = [
        printable(redactor.redact_text(unquote(reason)), limit=None) for reason in not_recorded
    ]
    directory.mkdir(parents=True, exist_ok=True)
    written: list[RecordedFile] = []
    for captured in captures:
        shown_path = printable(redactor.redact_text(unquote(captured.path)), limit=None)
        found = _file_for(captured, redactor)
        if found is None:
            not_recorded.append(
                f"{captured.method} {shown_path}: a binary answer that cannot be redacted"
            )
            continue
        suffix, content = found
        name = safe_file_name(redactor.redact_text(captured.stem) + suffix)
        try:
            file_inside(directory, name).write_bytes(content)
        except (OSError, ValueError) as exc:  # one odd name must not lose the others
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            not_recorded.append(f"{captured.method} {shown_path}: cannot write {name!r}: {reason}")
            continue
        written.append(
            RecordedFile(shown_path, name, captured.response.status, method=captured.method)
        )
    firmware = _firmware(captures)
    (directory / "README.txt").write_text(
        _readme(written, not_recorded, firmware), encoding="utf-8"
    )
    return Recording(written, not_recorded)


def _firmware(captures: list[Captured]) -> str:
    for captured in captures:
        if captured.path == "/api/status" and captured.response.status == 200:
            status = _json(captured.response.body)
            version = status.get("version") if isinstance(status, dict) else None
            if isinstance(version, str):
                return version
    return "unknown"


def _readme(written: list[RecordedFile], not_recorded: list[str], firmware: str) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    lines = [
        "Tesla Energy Gateway answers, recorded by `powerwall-async record` "
        f"(powerwall-async {__version__}).",
        "",
        f"Recorded:  {when}",
        f"Firmware:  {firmware}",
        "",
        "Replay with Powerwall.connect('fixture://' + <this directory>) or",
        "`powerwall-async status --host fixture://<this directory>`.",
        "",
        "Redacted, with the same placeholder for the same value in every file and file name:",
        "serial numbers and DINs, e-mail addresses, names, the site name, Wi-Fi network names,",
        "phone numbers, coordinates (set to 0), IP and MAC addresses, tokens and passwords.",
        "",
        f"Recorded endpoints ({len(written)}), only requests without side effects:",
        *(f"  {item.method} {item.path} -> {item.file} ({item.status})" for item in written),
    ]
    if not_recorded:
        lines += ["", "Not recorded:", *(f"  {reason}" for reason in not_recorded)]
    return "\n".join(lines) + "\n"
