"""Every row of the API document's overview table is declared and reachable as a method.

The table is read from tests/fixtures/api-document/overview.md (a copy, see the NOTICE there).
Each declaration in ``powerwall_async.endpoints.every()`` is called through its public method against a
transport that records what was sent, and must send exactly its own method and path.
"""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, get_origin

import pytest

import powerwall_async as pwa
from powerwall_async import endpoints
from powerwall_async.api._namespace import Namespace
from powerwall_async.api.session import LOGIN
from powerwall_async.endpoints import Endpoint
from powerwall_async.transports import Response

from .helpers import CALL_ARGUMENTS, Script

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parent.parent
OVERVIEW = ROOT / "tests" / "fixtures" / "api-document" / "overview.md"
ENDPOINTS = endpoints.every()
REST = tuple(e for e in ENDPOINTS if e.root == "/api")
"""TEDAPI's declarations (``/tedapi/...``) are conversations in protobuf (the DIN first, then
the query): tests/test_tedapi_client.py checks each against the simulator's request log."""
OVERVIEW_ROWS = 93
"""Rows in the document's overview table: a parse that loses one fails here."""

CATCH_ALL = ("GET", "/${e}")
"""The first row is the web UI's templated catch-all (``/${e}``), not an endpoint; it is what
``pw.request(method, path)`` covers. test_catch_all_row_is_pw_request checks that."""

CONVENIENCE = {"islanding": {"go_off_grid", "go_on_grid"}, "tedapi": {"din", "site"}}
"""Public methods that are shorthands for a declared one (checked in test_convenience_methods)."""

STATE_CHANGING_GETS = {
    "/sitemaster/run",
    "/sitemaster/stop",
    "/config/completed",
    "/solar_powerwall/reset",
    "/solar_powerwall/{n}/reset",
    "/powerwalls/update",
}


def _shape(path: str) -> str:
    """``/meters/${o.serial}/cts`` and ``/meters/{serial}/cts`` both → ``/meters/{}/cts``."""
    return re.sub(r"\$?\{[^}]*\}", "{}", path)


def overview_rows() -> list[tuple[str, str]]:
    """(method, path) of every row; a row with an empty path continues the one above."""
    rows: list[tuple[str, str]] = []
    path = ""
    for line in OVERVIEW.read_text().splitlines():
        if not line.startswith("|"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if set(cells[0]) <= {"-", " "} and set(cells[1]) <= {"-", " "}:
            continue  # the separator under the header
        if cells[0]:
            path = cells[0].strip("`").strip()
        method = re.sub(r"\[(\w+)\]\([^)]*\)", r"\1", cells[1]).strip()
        rows.append((method, path))
    return rows


def _answer_for(endpoint: Endpoint[Any]) -> Response:
    """A well-formed answer for the endpoint's model (202 when it decodes none)."""
    if endpoint.model is None:
        return Response(status=202)
    if endpoint.decode is not None:  # protobuf: the empty message is a valid one
        return Response(status=200, headers={"content-type": "application/octet-stream"})
    body = b"[]" if get_origin(endpoint.model) is list else b"{}"
    if endpoint is LOGIN:
        body = json.dumps({"token": "t1"}).encode()
    return Response(status=200, headers={"content-type": "application/json"}, body=body)


def test_overview_table_is_parsed_whole() -> None:
    rows = overview_rows()
    assert len(rows) == OVERVIEW_ROWS
    assert rows[0] == CATCH_ALL
    assert ("DELETE", "/auth/toggle/login") in rows  # a continuation row
    assert ("POST", "/v2/islanding/mode") in rows  # a linked method cell


@pytest.mark.parametrize(
    ("method", "path"), overview_rows(), ids=[" ".join(r) for r in overview_rows()]
)
def test_every_overview_row_has_a_declaration_and_a_method(method: str, path: str) -> None:
    if (method, path) == CATCH_ALL:
        assert inspect.iscoroutinefunction(pwa.Powerwall.request)
        return
    declared = [e for e in ENDPOINTS if e.method == method and _shape(e.path) == _shape(path)]
    assert declared, f"{method} {path} has no declaration in powerwall_async/api/"
    for endpoint in declared:
        assert inspect.iscoroutinefunction(endpoints.method_of(endpoint)), endpoint.qualified_name


async def test_catch_all_row_is_pw_request() -> None:
    script = Script(lambda _: Response(status=200, body=b'{"x": 1}'))
    async with pwa.Powerwall(script.transport(), token="t0") as pw:
        assert await pw.request("GET", "some/undeclared/path") == {"x": 1}
        assert await pw.request("GET", "/tedapi/din") == {"x": 1}
    # relative paths go under /api/; absolute ones are sent as given
    assert script.sent() == [("GET", "/api/some/undeclared/path"), ("GET", "/tedapi/din")]


def _id(endpoint: Endpoint[Any]) -> str:
    return f"{endpoint.qualified_name} {endpoint.method} {endpoint.path}"


@pytest.mark.parametrize("endpoint", REST, ids=_id)
async def test_each_declaration_is_called_by_its_method(endpoint: Endpoint[Any]) -> None:
    script = Script(lambda _: _answer_for(endpoint))
    path_args = tuple(f"p{i}" for i, _ in enumerate(endpoint.parameters, 1))
    extra, kwargs = CALL_ARGUMENTS.get(endpoint.qualified_name, ((), {}))
    async with pwa.Powerwall(script.transport(), password="pw", token="t0") as pw:
        owner: Any = pw if not endpoint.group else getattr(pw, endpoint.group)
        result = await getattr(owner, endpoint.name)(*path_args, *extra, **kwargs)
    assert script.sent() == [(endpoint.method, endpoint.url_path(*path_args))]
    if not endpoint.group:
        assert result in (None, True)  # login() returns nothing, logout() whether it ended one
    elif endpoint.model is None:
        assert result is None
    elif get_origin(endpoint.model) is list:
        assert result == []
    else:
        assert isinstance(result, endpoint.model)


def test_every_group_method_is_declared() -> None:
    declared: dict[str, set[str]] = {}
    for endpoint in ENDPOINTS:
        declared.setdefault(endpoint.group, set()).add(endpoint.name)
    for group, names in declared.items():
        if not group:
            assert names == {"login", "logout"}
            continue
        cls = vars(pwa.Powerwall)[group].load()
        public = {
            name
            for name, member in inspect.getmembers(cls, inspect.iscoroutinefunction)
            if not name.startswith("_")
        }
        assert names <= public, f"pw.{group} lacks {names - public}"
        assert public - names == CONVENIENCE.get(group, set()), f"pw.{group}: undeclared methods"


def test_every_group_is_a_client_namespace() -> None:
    groups = {endpoint.group for endpoint in ENDPOINTS} - {""}
    namespaces = {
        name for name, value in vars(pwa.Powerwall).items() if isinstance(value, Namespace)
    }
    assert groups == namespaces
    for group in endpoints.groups():
        assert vars(pwa.Powerwall)[group.group].load() is group
        assert group.endpoints, f"{group.__name__} declares nothing"


async def test_convenience_methods() -> None:
    # The gateway echoes the requested mode (samples v2.islanding.mode.*.json).
    script = Script(lambda request: Response(status=200, body=request.body))
    async with pwa.Powerwall(script.transport(), token="t0") as pw:
        off = await pw.islanding.go_off_grid()
        on = await pw.islanding.go_on_grid()
    assert script.sent() == [("POST", "/api/v2/islanding/mode")] * 2
    assert [json.loads(r.body) for r in script.requests] == [
        {"island_mode": "intentional_reconnect_failsafe"},
        {"island_mode": "backup"},
    ]
    assert off is not None
    assert on is not None
    assert (off.island_mode, on.island_mode) == ("intentional_reconnect_failsafe", "backup")


def test_writes_and_state_changing_gets_are_never_retried() -> None:
    for endpoint in REST:
        changes = endpoint.method != "GET" or endpoint.path in STATE_CHANGING_GETS
        if endpoint is LOGIN:
            assert not endpoint.retry
            continue
        if changes:
            assert not endpoint.retry, _id(endpoint)
            assert endpoint.side_effects, _id(endpoint)
    assert {e.path for e in ENDPOINTS if e.method == "GET" and e.side_effects} >= (
        STATE_CHANGING_GETS
    )


def test_declarations_are_unique() -> None:
    keys = [(e.method, e.path) for e in REST]
    assert len(keys) == len(set(keys))
    # TEDAPI's reads share POST /tedapi/v1 (the body says what is asked): one per method
    tedapi = [(e.qualified_name, e.method, e.path) for e in ENDPOINTS if e not in REST]
    assert len(tedapi) == len(set(tedapi))
    # its reads are POSTs safe to repeat; its controls are never repeated
    assert all(e.retry is not e.side_effects for e in ENDPOINTS if e not in REST)


def test_generated_pages_are_up_to_date() -> None:
    check = subprocess.run(
        [sys.executable, "scripts/endpoint_docs.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_docs_table_lists_every_declaration() -> None:
    text = (ROOT / "docs" / "endpoints.md").read_text()
    for endpoint in ENDPOINTS:
        assert f"`{endpoint.method} {endpoint.full_path}`" in text
    groups = (ROOT / "docs" / "reference" / "groups.md").read_text()
    for group in endpoints.groups():
        assert f"::: {group.__module__}.{group.__name__}" in groups
