"""Typed models of the gateway's answers (attrs classes keeping the gateway's field names).

Each model module loads when one of its names is first used (``from powerwall_async.models
import Soe`` loads ``models.system_status`` only), so a client pays for the models it uses.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._frozen import FrozenDict
    from ._json import to_json
    from ._scale import from_app_percent, to_app_percent
    from ._types import FirmwareVersion, GatewayEnum
    from .capabilities import Capabilities, GroupSupport
    from .diagnostics import CheckStatus, Diagnostic, DiagnosticCheck
    from .equipment import Generators, Installer, InstallerCompany, Radio, SolarInverter
    from .grid_faults import AlertSignal, AlertValue, DecodedAlert, GridFault
    from .islanding import IslandingMode, IslandMode
    from .login import LoginResponse
    from .meter_details import (
        CachedReadings,
        CtReading,
        HttpsConf,
        MeterConnection,
        MeterDetail,
        MeterReading,
        MeterReadingData,
        MetersReadings,
    )
    from .meters import Meter, MeterAggregate, MeterCt, MetersAggregates, MetersStatus
    from .networks import (
        AccessPoint,
        ClientProtocols,
        ExtraIp,
        IfaceNetworkInfo,
        InterfaceType,
        IpNetwork,
        Network,
    )
    from .operation import Operation, OperationMode, OperationSettings
    from .password import PasswordChange
    from .powerwalls import (
        PowerwallInfo,
        Powerwalls,
        PowerwallsStatus,
        PviSubPackageNumbers,
        SyncInfo,
    )
    from .setup import AutoconfigStatus, Config, Customer, CustomerRegistration, ToggleAuthSupported
    from .site_info import (
        GridCode,
        GridCodes,
        GridCodeSettings,
        GridCustomizablePoint,
        GridRegion,
        GridRegions,
        SiteInfo,
        SiteName,
    )
    from .sitemaster import Sitemaster, SitemasterStatus
    from .status import DeviceType, Status
    from .synchrometer import CtVoltageReferenceOptions, CtVoltageReferences
    from .system import (
        MeterTestResult,
        PingTest,
        SystemTesting,
        TroubleshootingProblems,
        UpdateInfo,
        UpdateState,
        UpdateStatus,
    )
    from .system_status import (
        BatteryBlock,
        GridState,
        GridStatus,
        GridStatusResponse,
        Soe,
        SystemStatus,
    )
    from .undocumented import UndocumentedAnswer
    from .vitals import Vitals, decode_vitals

_MODULE_OF = {
    "to_json": "_json",
    "from_app_percent": "_scale",
    "to_app_percent": "_scale",
    "FirmwareVersion": "_types",
    "FrozenDict": "_frozen",
    "GatewayEnum": "_types",
    "Capabilities": "capabilities",
    "GroupSupport": "capabilities",
    "CheckStatus": "diagnostics",
    "Diagnostic": "diagnostics",
    "DiagnosticCheck": "diagnostics",
    "Generators": "equipment",
    "Installer": "equipment",
    "InstallerCompany": "equipment",
    "Radio": "equipment",
    "SolarInverter": "equipment",
    "AlertSignal": "grid_faults",
    "AlertValue": "grid_faults",
    "DecodedAlert": "grid_faults",
    "GridFault": "grid_faults",
    "IslandMode": "islanding",
    "IslandingMode": "islanding",
    "LoginResponse": "login",
    "CachedReadings": "meter_details",
    "CtReading": "meter_details",
    "HttpsConf": "meter_details",
    "MeterConnection": "meter_details",
    "MeterDetail": "meter_details",
    "MeterReading": "meter_details",
    "MeterReadingData": "meter_details",
    "MetersReadings": "meter_details",
    "Meter": "meters",
    "MeterAggregate": "meters",
    "MeterCt": "meters",
    "MetersAggregates": "meters",
    "MetersStatus": "meters",
    "AccessPoint": "networks",
    "ClientProtocols": "networks",
    "ExtraIp": "networks",
    "IfaceNetworkInfo": "networks",
    "InterfaceType": "networks",
    "IpNetwork": "networks",
    "Network": "networks",
    "Operation": "operation",
    "OperationMode": "operation",
    "OperationSettings": "operation",
    "PasswordChange": "password",
    "PowerwallInfo": "powerwalls",
    "Powerwalls": "powerwalls",
    "PowerwallsStatus": "powerwalls",
    "PviSubPackageNumbers": "powerwalls",
    "SyncInfo": "powerwalls",
    "AutoconfigStatus": "setup",
    "Config": "setup",
    "Customer": "setup",
    "CustomerRegistration": "setup",
    "ToggleAuthSupported": "setup",
    "GridCode": "site_info",
    "GridCodeSettings": "site_info",
    "GridCodes": "site_info",
    "GridCustomizablePoint": "site_info",
    "GridRegion": "site_info",
    "GridRegions": "site_info",
    "SiteInfo": "site_info",
    "SiteName": "site_info",
    "Sitemaster": "sitemaster",
    "SitemasterStatus": "sitemaster",
    "DeviceType": "status",
    "Status": "status",
    "CtVoltageReferenceOptions": "synchrometer",
    "CtVoltageReferences": "synchrometer",
    "MeterTestResult": "system",
    "PingTest": "system",
    "SystemTesting": "system",
    "TroubleshootingProblems": "system",
    "UpdateInfo": "system",
    "UpdateState": "system",
    "UpdateStatus": "system",
    "BatteryBlock": "system_status",
    "GridState": "system_status",
    "GridStatus": "system_status",
    "GridStatusResponse": "system_status",
    "Soe": "system_status",
    "SystemStatus": "system_status",
    "UndocumentedAnswer": "undocumented",
    "Vitals": "vitals",
    "decode_vitals": "vitals",
}
"""Public name → the module that defines it."""

__all__ = [
    "AccessPoint",
    "AlertSignal",
    "AlertValue",
    "AutoconfigStatus",
    "BatteryBlock",
    "CachedReadings",
    "Capabilities",
    "CheckStatus",
    "ClientProtocols",
    "Config",
    "CtReading",
    "CtVoltageReferenceOptions",
    "CtVoltageReferences",
    "Customer",
    "CustomerRegistration",
    "DecodedAlert",
    "DeviceType",
    "Diagnostic",
    "DiagnosticCheck",
    "ExtraIp",
    "FirmwareVersion",
    "FrozenDict",
    "GatewayEnum",
    "Generators",
    "GridCode",
    "GridCodeSettings",
    "GridCodes",
    "GridCustomizablePoint",
    "GridFault",
    "GridRegion",
    "GridRegions",
    "GridState",
    "GridStatus",
    "GridStatusResponse",
    "GroupSupport",
    "HttpsConf",
    "IfaceNetworkInfo",
    "Installer",
    "InstallerCompany",
    "InterfaceType",
    "IpNetwork",
    "IslandMode",
    "IslandingMode",
    "LoginResponse",
    "Meter",
    "MeterAggregate",
    "MeterConnection",
    "MeterCt",
    "MeterDetail",
    "MeterReading",
    "MeterReadingData",
    "MeterTestResult",
    "MetersAggregates",
    "MetersReadings",
    "MetersStatus",
    "Network",
    "Operation",
    "OperationMode",
    "OperationSettings",
    "PasswordChange",
    "PingTest",
    "PowerwallInfo",
    "Powerwalls",
    "PowerwallsStatus",
    "PviSubPackageNumbers",
    "Radio",
    "SiteInfo",
    "SiteName",
    "Sitemaster",
    "SitemasterStatus",
    "Soe",
    "SolarInverter",
    "Status",
    "SyncInfo",
    "SystemStatus",
    "SystemTesting",
    "ToggleAuthSupported",
    "TroubleshootingProblems",
    "UndocumentedAnswer",
    "UpdateInfo",
    "UpdateState",
    "UpdateStatus",
    "Vitals",
    "decode_vitals",
    "from_app_percent",
    "to_app_percent",
    "to_json",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
