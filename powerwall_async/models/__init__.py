"""Typed models of the gateway's answers (attrs classes keeping the gateway's field names)."""

from ._scale import from_app_percent, to_app_percent
from ._types import FirmwareVersion, GatewayEnum
from .login import LoginResponse
from .meters import MeterAggregate, MetersAggregates
from .operation import Operation, OperationMode
from .site_info import GridCode, SiteInfo
from .sitemaster import Sitemaster, SitemasterStatus
from .status import Status
from .system_status import GridStatus, GridStatusResponse, Soe

__all__ = [
    "FirmwareVersion",
    "GatewayEnum",
    "GridCode",
    "GridStatus",
    "GridStatusResponse",
    "LoginResponse",
    "MeterAggregate",
    "MetersAggregates",
    "Operation",
    "OperationMode",
    "SiteInfo",
    "Sitemaster",
    "SitemasterStatus",
    "Soe",
    "Status",
    "from_app_percent",
    "to_app_percent",
]
