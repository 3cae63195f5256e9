"""What ``pw.tedapi`` makes of the gateway's TEDAPI answers: typed models, the verdict on a
GraphQL query's result, and whether an island-mode command took effect.

Each reader takes the decoded ``MessageEnvelope`` and ``where`` (``"POST /tedapi/v1"``, for
messages) and returns the value a method of :class:`~powerwall_async.api.tedapi.TedapiGroup`
gives its caller; the wire-level reading is :mod:`powerwall_async.tedapi`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from ..models.system_status import GridStatus
from ..models.tedapi import GatewayConfig, SystemInfo, parse_config
from ..tedapi._errors import GraphQLQueryError
from ..tedapi._messages import QueryResult, read_config, read_system_info

if TYPE_CHECKING:
    from .._proto import tedapi as pb

__all__ = [
    "gateway_config",
    "island_confirmed",
    "query_error",
    "read_with",
    "refused",
    "system_info",
]

T = TypeVar("T")

UNAUTHORIZED = 2
"""The GraphQL error code of a query the gateway would not run (its signature refused)."""


def read_with(reader: Callable[..., T]) -> Callable[[pb.MessageEnvelope, str], T]:
    """A wire-level ``read_*(envelope, where=...)`` function as an answer reader."""
    return lambda envelope, where: reader(envelope, where=where)


def system_info(envelope: pb.MessageEnvelope, where: str) -> SystemInfo:
    """The system information answer as the typed model."""
    info = read_system_info(envelope, where=where)
    return SystemInfo.from_values(
        din=info.din or "",
        part_number=info.part_number,
        serial_number=info.serial_number,
        version=info.firmware_version or "",
        githash=info.git_hash,
        device_type=info.device_type,
        update_status=info.update_status,
        staged_version=info.staged_version,
    )


def gateway_config(envelope: pb.MessageEnvelope, where: str) -> GatewayConfig:
    """``config.json`` typed, with the file hash writes need."""
    file = read_config(envelope, where=where)
    return parse_config(file.data, file_hash=file.hash)


def refused(result: QueryResult) -> bool:
    """The gateway would not run the query at all (this firmware does not take the set)."""
    return result.data is None and any(error.code == UNAUTHORIZED for error in result.errors)


def query_error(result: QueryResult, what: str) -> GraphQLQueryError:
    """The error for the ``what`` query answered without data, naming the gateway's errors."""
    messages = "; ".join(error.message or f"code {error.code}" for error in result.errors)
    return GraphQLQueryError(
        f"the gateway answered the {what} query without data"
        + (f" ({messages})" if messages else "")
        + ": try again later; if it persists, this firmware does not answer it",
        errors=tuple((error.code, error.message) for error in result.errors),
    )


def island_confirmed(grid: GridStatus | None, *, off_grid: bool) -> bool:
    """Whether the grid status read after an island-mode command shows it took effect."""
    if grid is None:
        return False
    return grid is not GridStatus.CONNECTED if off_grid else grid is GridStatus.CONNECTED
