"""A griffe extension for the docs build: defaults shown as their values.

A signature such as ``timeout: float = DEFAULT_TIMEOUT`` tells a reader nothing about the
timeout; the reference should say ``timeout: float = 10.0``. When the whole package is loaded,
every parameter default that names a module constant with a literal value (a number, a string,
``True``/``False``/``None``) is replaced by that value. Anything else stays as written.
"""

from __future__ import annotations

import ast
from typing import Any

import griffe


def _literal(attribute: object) -> str | None:
    """The source of ``attribute``'s value when it is a literal, else None."""
    value = getattr(attribute, "value", None)
    if not isinstance(value, str):
        return None
    try:
        ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return None
    return value


def _functions(obj: griffe.Object) -> Any:
    for member in obj.members.values():
        if member.is_alias:
            continue
        if isinstance(member, griffe.Function):
            yield member
        elif isinstance(member, griffe.Module | griffe.Class):
            yield from _functions(member)


class DefaultValues(griffe.Extension):
    """Replaces defaults that name literal constants with the constants' values."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        for function in _functions(pkg):
            for parameter in function.parameters:
                default = parameter.default
                if not isinstance(default, griffe.ExprName):
                    continue
                try:
                    target = pkg.modules_collection[default.canonical_path]
                except (KeyError, ValueError):
                    continue
                value = _literal(target)
                if value is not None:
                    parameter.default = value
