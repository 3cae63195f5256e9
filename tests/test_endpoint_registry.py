"""The public endpoint registry (``powerwall_async.endpoints``), the declaration pattern behind
it, the shared probe, and the helpers the CLI and integrations use (``models.to_json``,
vitals redaction)."""

from __future__ import annotations

import ast
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import powerwall_async as pwa
from powerwall_async import endpoints
from powerwall_async.api._group import Group, action, read
from powerwall_async.models import GroupSupport, to_json
from powerwall_async.models.operation import OperationMode, OperationSettings
from powerwall_async.models.status import Status
from powerwall_async.models.vitals import decode_vitals
from powerwall_async.redaction import Redactor, redact_vitals, vitals_as_json
from powerwall_async.transports import Request, Response

from .helpers import Script

ROOT = Path(__file__).resolve().parent.parent
VITALS = ROOT / "tests" / "fixtures" / "samples-misc" / "devices.vitals.bin"


class ExampleGroup(Group):
    """Not a real group: the declaration pattern, seen from outside."""

    @read("/example/thing", auth="public", firmware="Only on 99.1.")
    async def thing(self) -> Status:
        """What it returns.

        More detail for the reference page only.
        """
        return await self._call(self.thing)

    @action("POST", "/example")
    @action("POST", "/example/{name}", doc="Change one.")
    async def change(self, name: str | None = None) -> OperationSettings | None:
        """Change them all."""
        if name is None:
            return await self._call(self.change)
        return await self._call(self.change, name)


def test_a_declaration_takes_the_rest_from_where_it_stands() -> None:
    thing, change_all, change_one = ExampleGroup.endpoints
    assert (thing.group, thing.name, thing.qualified_name) == ("example", "thing", "example.thing")
    assert (thing.method, thing.url_path()) == ("GET", "/api/example/thing")
    assert thing.model is Status
    assert thing.doc == "What it returns."
    assert (thing.auth, thing.firmware, thing.retry, thing.side_effects) == (
        "public",
        "Only on 99.1.",
        True,
        False,
    )
    # stacked decorators: in reading order; ``X | None`` decodes into X
    assert [e.path for e in (change_all, change_one)] == ["/example", "/example/{name}"]
    assert change_all.model is OperationSettings
    assert (change_all.doc, change_one.doc) == ("Change them all.", "Change one.")
    assert not change_all.retry
    assert change_all.side_effects
    assert ExampleGroup.declaration("change", 1) is change_one


def test_a_method_cannot_declare_two_paths_it_could_not_tell_apart() -> None:
    with pytest.raises(TypeError, match="two paths"):

        class TwiceGroup(Group):
            @read("/a")
            @read("/b")
            async def get(self) -> Status:
                """Which one?"""
                return await self._call(self.get)


@pytest.mark.anyio
async def test_a_method_sends_the_declaration_its_arguments_fill() -> None:
    script = Script(lambda _: Response(status=202))
    async with pwa.Powerwall(script.transport(), token="t0") as pw:
        group = ExampleGroup(pw._session)
        assert await group.change() is None
        assert await group.change("a b") is None
    assert script.sent() == [("POST", "/api/example"), ("POST", "/api/example/a%20b")]


def test_the_registry_lists_the_client_groups_in_order() -> None:
    every = endpoints.every()
    assert [e.qualified_name for e in every[:3]] == [".login", ".logout", "status.get"]
    assert [group.group for group in endpoints.groups()][:3] == [
        "status",
        "meters",
        "system_status",
    ]
    assert endpoints.find("GET", "/api/meters/OBB123/cts") is endpoints.named("meters.cts", 1)
    assert endpoints.find("GET", "/api/nothing/here") is None
    assert endpoints.method_of(endpoints.named("meters.aggregates")) is (
        vars(pwa.Powerwall)["meters"].load().aggregates
    )
    with pytest.raises(LookupError):
        endpoints.named("meters.nothing")
    with pytest.raises(LookupError):
        endpoints.named("nothing.get")


def _answers(request: Request) -> Response:
    json_type = {"content-type": "application/json"}
    if request.path == "/api/login/Basic":
        return Response(status=200, headers=json_type, body=b'{"token": "t1"}')
    if request.path == "/api/operation":  # an empty 200: the typed call rejects it
        return Response(status=200, headers=json_type, body=b"")
    if request.path == "/api/status":
        return Response(status=200, headers=json_type, body=b'{"version": "24.36.2"}')
    if request.path == "/api/config":
        body = b'{"code":403,"error":"Unable to GET to resource","message":"no access"}'
        return Response(status=403, headers=json_type, body=body)
    return Response(status=404, body=b"404 page not found\n")


@pytest.mark.anyio
async def test_the_probe_classifies_with_the_typed_call() -> None:
    async with pwa.Powerwall(Script(_answers).transport(), password="pw") as pw:
        found = {
            e.qualified_name: await endpoints.probe(pw, e)
            for e in map(
                endpoints.named, ("status.get", "operation.get", "config.get", "legal.radio")
            )
        }
        stop = await endpoints.probe(pw, endpoints.named("sitemaster.stop"))
        capabilities = await pw.capabilities()
    assert found["status.get"].support is GroupSupport.AVAILABLE
    assert isinstance(found["status.get"].answer, Status)
    empty = found["operation.get"]
    assert (empty.support, empty.status) == (GroupSupport.FAILING, 200)
    assert "rejects" in empty.detail
    assert found["config.get"].support is GroupSupport.DENIED
    assert (found["legal.radio"].support, found["legal.radio"].status) == (
        GroupSupport.NOT_SUPPORTED,
        404,
    )
    assert (stop.support, stop.detail) == (None, "has side effects")
    # capabilities() is the same probe over one endpoint per group
    assert capabilities.groups["operation"] is GroupSupport.FAILING
    assert capabilities.groups["config"] is GroupSupport.DENIED


def test_models_become_json_values() -> None:
    settings = OperationSettings(mode=OperationMode.BACKUP, backup_reserve_percent=24.0)
    data = to_json(
        {
            "settings": settings,
            "when": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
            "took": timedelta(milliseconds=1500),
            "pair": (1, [settings]),
        }
    )
    assert json.loads(json.dumps(data)) == data
    assert data["settings"]["mode"] == "backup"
    assert data["settings"]["backup_reserve_percent"] == 24.0
    assert data["when"] == "2026-01-02T03:04:05+00:00"
    assert data["took"] == 1.5
    assert data["pair"][1][0] == data["settings"]


def test_vitals_redaction_keeps_a_decodable_message() -> None:
    body = VITALS.read_bytes()
    original = decode_vitals(body)
    serials = {device.serial_number for device in original.devices.values() if device.serial_number}
    assert serials
    redactor = Redactor()
    redactor.learn(vitals_as_json(body))
    redacted = redact_vitals(body, redactor)
    again = decode_vitals(redacted)
    assert len(again.devices) == len(original.devices)
    assert not serials & {device.serial_number for device in again.devices.values()}
    with pytest.raises(ValueError, match="not a vitals message"):
        vitals_as_json(b"\x08\x96\x01\xff")


def test_the_cli_uses_only_the_public_api() -> None:
    """The CLI is an integration like any other: no module of the library's internals."""
    for source in sorted((ROOT / "powerwall_async" / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(), str(source))):
            if isinstance(node, ast.ImportFrom) and node.level == 2:  # from ..X import Y
                parts = (node.module or "").split(".")
                private = [part for part in parts if part.startswith("_")]
                assert not private, f"{source.name} imports {node.module}"
                names = [alias.name for alias in node.names if alias.name.startswith("_")]
                assert not [n for n in names if n != "__version__"], f"{source.name}: {names}"
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("powerwall_async._") for a in node.names)
