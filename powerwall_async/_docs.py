"""Render the endpoint table (``docs/endpoints.md``) from the declarations in ``_endpoints``.

    python -m powerwall_async._docs            # rewrite docs/endpoints.md
    python -m powerwall_async._docs --check    # exit 1 if it is out of date

The test suite runs the check, so the table cannot drift from the code.
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._client import Powerwall
from ._endpoint import Endpoint
from ._endpoints import ENDPOINTS

__all__ = ["DOCS_PATH", "group_class", "method_for", "render", "signature"]

DOCS_PATH = Path(__file__).resolve().parent.parent / "docs" / "endpoints.md"

_HEADER = """\
# Endpoints

<!-- Generated from powerwall_async/_endpoints/ by `python -m powerwall_async._docs`.
     Do not edit: the test suite fails when this file differs from what the code declares. -->

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
`/solars/brands/{brand}`), `islanding.set_mode()` with `go_off_grid()` / `go_on_grid()` (for
`/v2/islanding/mode`), `pw.login()` / `pw.logout()` on the client itself.

The overview table's first row, `GET /${e}`, is the web UI's templated catch-all, not an
endpoint: any path is reachable with `await pw.request(method, path, json=...)`, which keeps a
declared endpoint's rules (login, retries) and sends anything else once.

Columns: **login** — the gateway wants a session; **retried** — repeated on a transient failure
(writes and the GETs that change state never are); **changes state** — a write, or a GET like
`sitemaster/stop`. A return type of `None` means the answer's body is not decoded (202, 204, or
a write whose answer no sample shows); `UndocumentedAnswer` holds the decoded JSON of an
endpoint no sample shows.
"""


def group_class(group: str) -> type[Any]:
    """The class of the ``pw.<group>`` namespace (the property imports it on first use)."""
    prop = vars(Powerwall)[group]
    instance = prop.func(types.SimpleNamespace(_session=None))
    return type(instance)


def method_for(endpoint: Endpoint[Any]) -> Callable[..., Any]:
    """The public method that calls ``endpoint``."""
    owner: type[Any] = Powerwall if not endpoint.group else group_class(endpoint.group)
    method: Callable[..., Any] = getattr(owner, endpoint.name)
    return method


def signature(endpoint: Endpoint[Any]) -> str:
    """``pw.meters.cts(serial)`` — the call as users write it."""
    parameters = list(inspect.signature(method_for(endpoint)).parameters.values())[1:]
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
        returned = typing.get_type_hints(endpoint.decode).get("return", Any)
        return _short(returned)
    return "None" if endpoint.model is None else _short(endpoint.model)


def _short(annotation: Any) -> str:
    text = annotation.__name__ if isinstance(annotation, type) else repr(annotation)
    return re.sub(r"\b[\w.]+\.(\w+)", r"\1", text)


def _yes(flag: bool) -> str:
    return "yes" if flag else ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render() -> str:
    """The whole of ``docs/endpoints.md``."""
    lines = [_HEADER.rstrip("\n")]
    groups: dict[str, list[Endpoint[Any]]] = {}
    for endpoint in ENDPOINTS:
        groups.setdefault(endpoint.group, []).append(endpoint)
    for group, endpoints in groups.items():
        lines += ["", f"## `{'pw' if not group else 'pw.' + group}`", ""]
        lines.append("| call | request | returns | login | retried | changes state | notes |")
        lines.append("|---|---|---|---|---|---|---|")
        for endpoint in endpoints:
            notes = " ".join(part for part in (endpoint.doc, endpoint.firmware) if part)
            lines.append(
                f"| `{_cell(signature(endpoint))}` | {endpoint.method} `/api{endpoint.path}` "
                f"| `{_type_name(endpoint)}` | {_yes(endpoint.auth != 'public')} "
                f"| {_yes(endpoint.retry)} "
                f"| {_yes(endpoint.side_effects)} | {_cell(notes)} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    parser.add_argument("--output", type=Path, default=DOCS_PATH)
    options = parser.parse_args(argv)
    text = render()
    if options.check:
        current = options.output.read_text() if options.output.exists() else ""
        if current != text:
            print(f"{options.output} is out of date; run python -m powerwall_async._docs")
            return 1
        return 0
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
