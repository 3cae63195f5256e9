"""Typed models of the gateway's answers (attrs classes keeping the gateway's field names)."""

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
from .powerwalls import PowerwallInfo, Powerwalls, PowerwallsStatus, PviSubPackageNumbers, SyncInfo
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
]
