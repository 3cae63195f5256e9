"""The slice of GraphQL the simulated gateway executes: a query's selection set projected onto
the gateway's data, as its GraphQL server answers exactly the fields a signed query selects.

Data is plain JSON values; a field whose value is a :data:`Resolver` (``components(filter:)``,
``signals(names:)``) is called with the field's arguments, variables substituted. A selected
field the data lacks answers ``null``, as fields the firmware does not fill do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import attrs

__all__ = ["GraphQLSyntaxError", "Resolver", "execute", "parse"]

Resolver = Callable[[dict[str, Any]], Any]
"""A field computed from its arguments."""

_TOKEN = re.compile(
    r"""(?P<skip>[\s,\ufeff]+|\#[^\n]*)
      | (?P<punct>\.\.\.|[{}()\[\]:!$=@|&])
      | (?P<string>"(?:[^"\\\n]|\\.)*")
      | (?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
      | (?P<name>[_A-Za-z][_0-9A-Za-z]*)""",
    re.VERBOSE,
)


class GraphQLSyntaxError(ValueError):
    """A query text this GraphQL subset cannot read."""


@attrs.frozen
class Field:
    """One selected field: ``alias: name(arguments) { selections }``."""

    name: str
    alias: str | None
    arguments: dict[str, Any]
    selections: tuple[Field, ...] | None

    @property
    def key(self) -> str:
        return self.alias or self.name


@attrs.frozen
class Variable:
    """``$name`` in an argument, replaced by the request's variable at execution."""

    name: str


def _tokens(text: str) -> Iterator[tuple[str, str]]:
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise GraphQLSyntaxError(f"unexpected character {text[position]!r} at {position}")
        position = match.end()
        kind = match.lastgroup
        assert kind is not None
        if kind != "skip":
            yield kind, match.group()


class _Parser:
    def __init__(self, text: str) -> None:
        self._tokens = list(_tokens(text))
        self._index = 0

    def peek(self) -> str | None:
        return self._tokens[self._index][1] if self._index < len(self._tokens) else None

    def take(self, expected: str | None = None) -> tuple[str, str]:
        if self._index >= len(self._tokens):
            raise GraphQLSyntaxError("the query ends too early")
        token = self._tokens[self._index]
        if expected is not None and token[1] != expected:
            raise GraphQLSyntaxError(f"expected {expected!r}, found {token[1]!r}")
        self._index += 1
        return token

    def document(self) -> tuple[Field, ...]:
        if self.peek() != "{":
            self.take("query")
            if self.peek() not in ("{", "("):
                self.take()  # the operation's name
            if self.peek() == "(":
                self._skip_variable_definitions()
        selections = self.selection_set()
        if self.peek() is not None:
            raise GraphQLSyntaxError("one operation per query")
        return selections

    def _skip_variable_definitions(self) -> None:
        depth = 0
        while True:
            _, token = self.take()
            depth += {"(": 1, ")": -1}.get(token, 0)
            if depth == 0:
                return

    def selection_set(self) -> tuple[Field, ...]:
        self.take("{")
        fields: list[Field] = []
        while self.peek() != "}":
            fields.append(self.field())
        self.take("}")
        return tuple(fields)

    def field(self) -> Field:
        kind, name = self.take()
        if kind != "name":
            raise GraphQLSyntaxError(f"expected a field name, found {name!r}")
        alias = None
        if self.peek() == ":":
            self.take(":")
            alias, (kind, name) = name, self.take()
            if kind != "name":
                raise GraphQLSyntaxError(f"expected a field name, found {name!r}")
        arguments: dict[str, Any] = {}
        if self.peek() == "(":
            self.take("(")
            while self.peek() != ")":
                _, argument = self.take()
                self.take(":")
                arguments[argument] = self.value()
            self.take(")")
        selections = self.selection_set() if self.peek() == "{" else None
        return Field(name, alias, arguments, selections)

    def value(self) -> Any:
        kind, word = self.take()
        if word == "$":
            return Variable(self.take()[1])
        if word == "[":
            items = []
            while self.peek() != "]":
                items.append(self.value())
            self.take("]")
            return items
        if word == "{":
            fields = {}
            while self.peek() != "}":
                key = self.take()[1]
                self.take(":")
                fields[key] = self.value()
            self.take("}")
            return fields
        if kind == "string":
            return word[1:-1].encode().decode("unicode_escape")
        if kind == "number":
            return float(word) if any(c in word for c in ".eE") else int(word)
        return {"true": True, "false": False, "null": None}.get(word, word)  # enum values


def parse(text: str) -> tuple[Field, ...]:
    """The top-level selections of one query operation."""
    return _Parser(text).document()


def _substitute(value: Any, variables: dict[str, Any]) -> Any:
    if isinstance(value, Variable):
        return variables.get(value.name)
    if isinstance(value, list):
        return [_substitute(item, variables) for item in value]
    if isinstance(value, dict):
        return {key: _substitute(item, variables) for key, item in value.items()}
    return value


def _project(value: Any, selections: tuple[Field, ...] | None, variables: dict[str, Any]) -> Any:
    if selections is None or value is None:
        return value
    if isinstance(value, list):
        return [_project(item, selections, variables) for item in value]
    if not isinstance(value, dict):
        return None  # an object selection on a scalar: GraphQL would not have validated it
    answer: dict[str, Any] = {}
    for field in selections:
        found = value.get(field.name)
        if callable(found):
            found = found(_substitute(field.arguments, variables))
        answer[field.key] = _project(found, field.selections, variables)
    return answer


def execute(query: str, data: dict[str, Any], variables: dict[str, Any]) -> dict[str, Any]:
    """The ``data`` object of the answer to ``query`` over ``data``."""
    projected = _project(data, parse(query), variables)
    assert isinstance(projected, dict)
    return projected
