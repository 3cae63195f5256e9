"""``pw.<group>``: a client attribute that makes its endpoint group on first use."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar, overload

if TYPE_CHECKING:
    from ._group import Group

__all__ = ["Namespace"]

G = TypeVar("G", bound="Group")


class Namespace(Generic[G]):
    """The group ``pw.<name>``, from ``powerwall_async.api.<name>``'s ``<Name>Group``.

    Its module (with its models) is imported on first use, so a client loads only the groups
    it uses; the group is then kept on the client. The client's namespaces, in order, are the
    one list of groups that the endpoint registry and the docs read.
    """

    name: str

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<Namespace pw.{self.name}>"

    @overload
    def __get__(self, instance: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, instance: object, owner: type[Any]) -> G: ...
    def __get__(self, instance: Any, owner: type[Any]) -> Self | G:
        if instance is None:
            return self
        group = self.load()(instance._session)
        instance.__dict__[self.name] = group  # found there from now on, before this
        return group

    def load(self) -> type[G]:
        """The group class (importing its module)."""
        module = importlib.import_module(f"powerwall_async.api.{self.name}")
        group: type[G] = getattr(module, self.name.title().replace("_", "") + "Group")
        return group
