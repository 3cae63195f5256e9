"""Every GET method against every recorded set, through the fixture transport.

Each set is a directory of recorded answers (powerwall_async/testing/recordings/* and
tests/fixtures/*). A recorded ``.json`` must decode with the strict converter (a field the
models do not know fails here, while production stays lenient); a recorded ``.err`` must raise
the error the gateway's status maps to; an endpoint with no recording must raise
EndpointNotSupportedError, as a gateway without it answers 404.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, get_origin

import pytest

import powerwall_async as pwa
from powerwall_async import endpoints
from powerwall_async._errors import error_for_status
from powerwall_async.endpoints import Endpoint
from powerwall_async.models._converter import make_converter
from powerwall_async.transports.fixture import parse_recorded_response, recording_name

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).parent.parent
NOT_RECORDINGS = {"api-document", "tedapi", "vitals"}
"""Directories of tests/fixtures in another layout: api-document holds the API document's table
and request bodies; tedapi holds fragments of TEDAPI answers for the TEDAPI models' tests;
vitals holds a decoded reference and a golden protobuf body for the vitals decoder's own tests.
None is a set of recorded answers."""

RECORDED_SETS = sorted(
    [
        *(ROOT / "powerwall_async" / "testing" / "recordings").iterdir(),
        *(ROOT / "tests" / "fixtures").iterdir(),
    ]
)
RECORDED_SETS = [d for d in RECORDED_SETS if d.is_dir() and d.name not in NOT_RECORDINGS]

GETS = [e for e in endpoints.every() if e.method == "GET" and e.group and e.root == "/api"]
STRICT = make_converter(strict=True)
ABSENT = "absent-from-recording"


def _calls(directory: Path, endpoint: Endpoint[Any]) -> list[tuple[str, ...]]:
    """Path arguments to call ``endpoint`` with: every recorded one, or one that is absent."""
    if not endpoint.parameters:
        return [()]
    template = re.escape(recording_name("GET", "/api" + endpoint.path))
    pattern = re.compile(re.sub(r"\\\{(\w+)\\\}", r"(.+)", template))
    found = sorted(
        match.groups()
        for file in directory.iterdir()
        if file.suffix in {".json", ".err", ".bin"} and (match := pattern.fullmatch(file.stem))
    )
    return found or [(ABSENT,) * len(endpoint.parameters)]


CASES = [
    pytest.param(directory, endpoint, args, id=f"{directory.name}-{endpoint.qualified_name}-{args}")
    for directory in RECORDED_SETS
    for endpoint in GETS
    for args in _calls(directory, endpoint)
]


def _recording(directory: Path, endpoint: Endpoint[Any], args: tuple[str, ...]) -> Path | None:
    stem = recording_name("GET", endpoint.url_path(*args))
    for suffix in (".json", ".err", ".bin"):
        if (directory / f"{stem}{suffix}").is_file():
            return directory / f"{stem}{suffix}"
    return None


def test_there_are_recorded_sets() -> None:
    names = {directory.name for directory in RECORDED_SETS}
    assert {"21.44-running", "21.44-stopped", "samples-misc", "samples-misc-2"} <= names


def test_every_recorded_answer_is_read_by_some_get() -> None:
    """No recording is left unexercised: each file is the answer of a declared GET."""
    for directory in RECORDED_SETS:
        called = {
            recording_name("GET", endpoint.url_path(*args))
            for endpoint in GETS
            for args in _calls(directory, endpoint)
        }
        for file in directory.iterdir():
            if file.suffix in {".json", ".err", ".bin"} and "." + file.stem.rsplit(".", 1)[
                -1
            ] not in {".post", ".delete"}:
                assert file.stem in called, f"{directory.name}/{file.name} matches no GET"


@pytest.mark.parametrize(("directory", "endpoint", "args"), CASES)
async def test_get_against_recording(
    directory: Path, endpoint: Endpoint[Any], args: tuple[str, ...]
) -> None:
    recording = _recording(directory, endpoint, args)
    async with pwa.Powerwall.connect(f"fixture://{directory}", converter=STRICT) as pw:
        method = getattr(getattr(pw, endpoint.group), endpoint.name)
        if recording is None:
            with pytest.raises(pwa.EndpointNotSupportedError):
                await method(*args)
            return
        if recording.suffix == ".err":
            answer = parse_recorded_response(recording.read_bytes())
            expected = error_for_status(
                answer.status, answer.body, method="GET", path=endpoint.url_path(*args)
            )
            with pytest.raises(pwa.ApiError) as raised:
                await method(*args)
            assert type(raised.value) is type(expected)
            assert raised.value.status == answer.status
            return
        result = await method(*args)
    if get_origin(endpoint.model) is list:
        assert isinstance(result, list)
        item_type = endpoint.model.__args__[0]
        assert all(isinstance(item, item_type) for item in result)
    else:
        assert isinstance(result, endpoint.model)


async def test_a_field_unknown_to_the_models_fails_only_the_strict_converter(
    tmp_path: Path,
) -> None:
    source = ROOT / "powerwall_async" / "testing" / "recordings" / "21.44-running"
    text = (source / "sitemaster.json").read_text()
    (tmp_path / "sitemaster.json").write_text(text.replace("{", '{"new_firmware_field": 1,', 1))
    async with pwa.Powerwall.connect(f"fixture://{tmp_path}", converter=STRICT) as pw:
        with pytest.raises(pwa.ResponseFormatError, match="new_firmware_field"):
            await pw.sitemaster.get()
    async with pwa.Powerwall.connect(f"fixture://{tmp_path}") as pw:
        assert (await pw.sitemaster.get()).running is True


async def test_unsupported_endpoint_is_asked_once(tmp_path: Path) -> None:
    async with pwa.Powerwall.connect(f"fixture://{tmp_path}") as pw:
        for _ in range(3):
            with pytest.raises(pwa.EndpointNotSupportedError):
                await pw.powerwalls.phase_usages()
        transport: Any = pw._session.transport
        assert [r.path for r in transport.requests] == ["/api/powerwalls/phase_usages"]
