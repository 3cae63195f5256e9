"""Write the pages generated from the endpoint declarations (the client's list of groups):

- ``docs/endpoints.md``: every endpoint, one section per group;
- ``docs/reference/groups.md``: the API reference of each group class.

    python scripts/endpoint_docs.py            # rewrite them
    python scripts/endpoint_docs.py --check    # exit 1 if one is out of date (nox -s docs)

The test suite runs the check too, so the pages cannot drift from the code.
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
import typing
from pathlib import Path
from typing import Any

from powerwall_async import endpoints
from powerwall_async.endpoints import Endpoint

ROOT = Path(__file__).resolve().parent.parent
ENDPOINTS_PAGE = ROOT / "docs" / "endpoints.md"
GROUPS_PAGE = ROOT / "docs" / "reference" / "groups.md"
COMMAND = "python scripts/endpoint_docs.py"

_NOTICE = f"""\
<!-- Generated from the declarations in powerwall_async/api/ by `{COMMAND}`.
     Do not edit: the test suite fails when this file differs from what the code declares. -->
"""

_ENDPOINTS_HEADER = f"""\
# Endpoints

{_NOTICE}
Every endpoint of the API document's overview table, and the GET endpoints its samples show,
as a method of a group on the client. Names follow one rule: `GET /api/<group>` is
`pw.<group>.get()`, `GET /api/<group>/<name>` is `pw.<group>.<name>()`, deeper paths join with
underscores (`/api/system/update/status` is `pw.system.update_status()`), path parameters are
positional (optional where the document lists the path with and without one), and calls that
change state are verbs: the path's own verb where it ends in one (`sitemaster.stop()`,
`autoconfig.retry()`, `meters.commission(serial)`), `set_<name>` for a POST that writes a value
(`site_info.set_site_name()`, `operation.set()` for the bare group), `add` for a POST that adds
to a collection, `delete`/`delete_<name>` for DELETE, `run_<name>` for a POST that starts a
test. Exceptions: `solars.brand_models(brand)` (the name the public API fixes, for
`/solars/brands/{{brand}}`), `islanding.set_mode()` with `go_off_grid()` / `go_on_grid()` (for
`/v2/islanding/mode`), `pw.login()` / `pw.logout()` on the client itself.

The overview table's first row, `GET /${{e}}`, is the web UI's templated catch-all, not an
endpoint: any path is reachable with `await pw.request(method, path, json=...)`, which keeps a
declared endpoint's rules (login, retries) and sends anything else once.

Each entry gives the call and what it returns, then the request and how the client treats it:
**login** (the gateway wants a session) or **no login**; **retried** (repeated on a transient
failure) or **changes state** (a write, or a GET like `sitemaster/stop`: never repeated, and it
clears cached answers). A return type of `None` means the answer's body is not decoded (202,
204, or a write whose answer no sample shows); `UndocumentedAnswer` holds the decoded JSON of
an endpoint no sample shows. The same list is in the code: `powerwall_async.endpoints.every()`.
"""

_GROUPS_HEADER = f"""\
# Endpoint groups

{_NOTICE}
Each group is an attribute of the client: `pw.meters` is a `MetersGroup`, made on first use.
[The endpoint table](../endpoints.md) lists every method with its request.
"""


def signature(endpoint: Endpoint[Any]) -> str:
    """``pw.meters.cts(serial)``: the call as users write it."""
    parameters = list(inspect.signature(endpoints.method_of(endpoint)).parameters.values())[1:]
    shown: list[str] = []
    keyword_marker = False
    for parameter in parameters:
        if parameter.kind is parameter.KEYWORD_ONLY and not keyword_marker:
            shown.append("*")
            keyword_marker = True
        text = parameter.name
        if parameter.default is not parameter.empty:
            text += f"={parameter.default!r}"
        shown.append(text)
    owner = "pw" if not endpoint.group else f"pw.{endpoint.group}"
    return f"{owner}.{endpoint.name}({', '.join(shown)})"


def _type_name(endpoint: Endpoint[Any]) -> str:
    if endpoint.decode is not None:
        return _short(typing.get_type_hints(endpoint.decode).get("return", Any))
    return "None" if endpoint.model is None else _short(endpoint.model)


def _short(annotation: Any) -> str:
    text = annotation.__name__ if isinstance(annotation, type) else repr(annotation)
    return re.sub(r"\b[\w.]+\.(\w+)", r"\1", text)


def _text(prose: str) -> str:
    """Prose for Markdown: ``enable_<kind>`` must not read as an HTML tag."""
    return prose.replace("<", "&lt;")


def _entry(endpoint: Endpoint[Any]) -> list[str]:
    credentials = {"public": "no login", "tedapi": "gateway password or v1r key"}
    treatment = [credentials.get(endpoint.auth, "login")]
    treatment.append("changes state" if endpoint.side_effects else "")
    treatment.append("retried" if endpoint.retry else "never repeated")
    request = f"`{endpoint.method} {endpoint.full_path}`"
    lines = [
        f"`{signature(endpoint)}` → `{_type_name(endpoint)}`",
        f":   {request} · {' · '.join(part for part in treatment if part)}",
        "",
        f"    {_text(endpoint.doc)}",
    ]
    if endpoint.firmware:
        lines += ["", f"    *Firmware:* {_text(endpoint.firmware)}"]
    return [*lines, ""]


def _by_group() -> dict[str, list[Endpoint[Any]]]:
    grouped: dict[str, list[Endpoint[Any]]] = {}
    for endpoint in endpoints.every():
        grouped.setdefault(endpoint.group, []).append(endpoint)
    return grouped


def render_endpoints() -> str:
    """The whole of ``docs/endpoints.md``."""
    lines = [_ENDPOINTS_HEADER]
    summaries = {group.group: inspect.getdoc(group) or "" for group in endpoints.groups()}
    for group, declared in _by_group().items():
        lines += [f"## `{'pw.' + group if group else 'pw'}`", ""]
        summary = summaries.get(group, "Logging in and out, on the client itself.")
        lines += [summary.split("\n\n", 1)[0], ""]
        for endpoint in declared:
            lines += _entry(endpoint)
    return "\n".join(lines).rstrip("\n") + "\n"


def render_groups() -> str:
    """The whole of ``docs/reference/groups.md``."""
    lines = [_GROUPS_HEADER]
    for group in endpoints.groups():
        lines += [f"::: {group.__module__}.{group.__qualname__}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


PAGES = {ENDPOINTS_PAGE: render_endpoints, GROUPS_PAGE: render_groups}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if a page is stale")
    options = parser.parse_args(argv)
    stale = 0
    for page, render in PAGES.items():
        text = render()
        if options.check:
            if not page.exists() or page.read_text(encoding="utf-8") != text:
                print(f"{page.relative_to(ROOT)} is out of date; run {COMMAND}")
                stale += 1
            continue
        page.write_text(text, encoding="utf-8")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
