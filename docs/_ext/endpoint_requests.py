"""A griffe extension for the docs build: each group method's reference shows its request.

A group method declares its endpoint with a decorator (``@read("/meters/aggregates")``,
``@action("POST", "/operation")``, see ``powerwall_async/api/_group.py``), and its docstring
says what it does, not where it goes. This puts the request (``GET /api/meters/aggregates``)
at the head of the method's docstring on the API reference page, read from the decorator
itself, so the page cannot disagree with the code.
"""

from __future__ import annotations

import ast
from typing import Any

import griffe


def requests(function: griffe.Function) -> list[str]:
    """``GET /api/...`` for each endpoint decorator of ``function``, in reading order."""
    found = []
    for decorator in function.decorators:
        call = ast.parse(str(decorator.value), mode="eval").body
        if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Name):
            continue
        literals = [arg.value for arg in call.args if isinstance(arg, ast.Constant)]
        if call.func.id == "read" and len(literals) == 1:
            found.append(f"GET /api{literals[0]}")
        elif call.func.id == "action" and len(literals) == 2:
            found.append(f"{literals[0]} /api{literals[1]}")
    return found


class EndpointRequests(griffe.Extension):
    """Prefixes a declared method's docstring with its request(s)."""

    def on_function_instance(self, *, func: griffe.Function, **kwargs: Any) -> None:
        declared = requests(func)
        if declared and func.docstring is not None:
            head = " or ".join(f"`{request}`" for request in declared)
            func.docstring.value = f"{head}\n\n{func.docstring.value}"
