"""The gateway's odd formats, read from the recorded answers into typed values."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import cattrs
import pytest

import powerwall_async as pwa
from powerwall_async.models._converter import CONVERTER, make_converter
from powerwall_async.models.diagnostics import CheckStatus, Diagnostic
from powerwall_async.models.grid_faults import GridFault
from powerwall_async.models.islanding import IslandingMode, IslandMode
from powerwall_async.models.meters import MeterAggregate
from powerwall_async.models.networks import InterfaceType
from powerwall_async.models.operation import Operation, OperationMode
from powerwall_async.models.password import PasswordChange
from powerwall_async.models.site_info import GridCode, SiteInfo
from powerwall_async.models.sitemaster import SitemasterStatus
from powerwall_async.models.status import DeviceType, Status
from powerwall_async.models.system import UpdateState, UpdateStatus
from powerwall_async.models.system_status import GridState, GridStatus, GridStatusResponse, Soe

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).parent.parent
RUNNING = ROOT / "powerwall_async" / "testing" / "recordings" / "21.44-running"
STOPPED = ROOT / "powerwall_async" / "testing" / "recordings" / "21.44-stopped"
MISC = ROOT / "tests" / "fixtures" / "samples-misc"
MISC2 = ROOT / "tests" / "fixtures" / "samples-misc-2"
STRICT = make_converter(strict=True)


def connect(directory: Path) -> pwa.Powerwall:
    return pwa.Powerwall.connect(f"fixture://{directory}", converter=STRICT)


async def test_status_go_duration_odd_timestamp_and_version_with_hash() -> None:
    async with connect(RUNNING) as pw:
        status = await pw.status.get()
    assert status.up_time_seconds == timedelta(hours=230, minutes=55, seconds=59.932079901)
    assert status.start_time == datetime(
        2021, 12, 16, 22, 13, 25, tzinfo=timezone(timedelta(hours=8))
    )
    assert status.version == "21.44 223a56cd"
    assert (status.version.number, status.version.hash, status.version.parts) == (
        "21.44",
        "223a56cd",
        (21, 44),
    )
    assert status.device_type is DeviceType.TEG
    assert status.device_type_raw == "teg"
    assert status.din == "1232100-00-E--<<GATEWAY_TSN>>"


def test_unknown_device_type_keeps_the_raw_string() -> None:
    status = CONVERTER.structure({"device_type": "pw3"}, Status)
    assert status.device_type is DeviceType.UNKNOWN
    assert status.device_type_raw == "pw3"


async def test_aggregates_nanosecond_timeouts_and_go_zero_time() -> None:
    async with connect(RUNNING) as pw:
        aggregates = await pw.meters.aggregates()
    assert aggregates.site.timeout == timedelta(seconds=1.5)
    assert aggregates.site.instant_power == 72.0
    assert aggregates.battery.instant_power == -60.0
    assert aggregates.site.num_meters_aggregated == 2
    assert aggregates.site.last_phase_power_communication_time == datetime(1, 1, 1, tzinfo=UTC)


async def test_grid_faults_decoded_alert_is_parsed_and_kept_raw() -> None:
    async with connect(MISC) as pw:
        (fault,) = await pw.system_status.grid_faults()
    assert fault.alert_name == "PINV_a006_vfCheckUnderFrequency"
    assert fault.timestamp == datetime(2019, 10, 2, 0, 29, 52, 352000, tzinfo=UTC)
    assert fault.alert_raw == 432406325129904128
    alert = fault.decoded_alert
    assert alert.alert_id == "PINV_a006_vfCheckUnderFrequency"
    assert alert.alert_type == "Warning"
    assert alert["PINV_a006_frequency"] == pytest.approx(57.207)
    assert [s.units for s in alert] == ["", "", "Hz"]
    assert alert.get("missing", "none") == "none"
    assert json.loads(fault.decoded_alert_raw)[2]["value"] == 57.207


def test_decoded_alert_accepts_null_and_rejects_junk() -> None:
    assert len(CONVERTER.structure({"decoded_alert": None}, GridFault).decoded_alert) == 0
    for junk in ("not json", '{"name": "x"}', "[1, 2]", 5):
        with pytest.raises(cattrs.BaseValidationError):
            CONVERTER.structure({"decoded_alert": junk}, GridFault)


async def test_system_status_blocks_and_can_reboot_reasons() -> None:
    async with connect(MISC) as pw:
        status = await pw.system_status.get()
    assert status.can_reboot == "Power flow is too high"
    assert not status.reboot_allowed
    assert status.system_island_state is GridStatus.CONNECTED
    (block,) = status.battery_blocks
    assert block.pinv_grid_state is GridState.COMPLIANT
    assert block.PackagePartNumber == "3012170-25-B"
    assert block.nominal_full_pack_energy == 13984.0
    async with connect(RUNNING) as pw:
        assert (await pw.system_status.get()).reboot_allowed


async def test_sitemaster_running_and_stopped() -> None:
    async with connect(RUNNING) as pw:
        running = await pw.sitemaster.get()
    async with connect(STOPPED) as pw:
        stopped = await pw.sitemaster.get()
    assert (running.status, running.running, running.can_reboot) == (
        SitemasterStatus.UP,
        True,
        "Yes",
    )
    assert (stopped.status, stopped.running, stopped.can_reboot) == (
        SitemasterStatus.DOWN,
        False,
        "",
    )


async def test_non_round_reserve_on_both_scales() -> None:
    async with connect(MISC) as pw:
        operation = await pw.operation.get()
    assert operation.real_mode is OperationMode.AUTONOMOUS
    assert operation.backup_reserve_percent == pytest.approx(5.00002)
    assert operation.backup_reserve_percent_app == pytest.approx(0.0000210, abs=1e-6)
    async with connect(RUNNING) as pw:
        running = await pw.operation.get()
    assert running.backup_reserve_percent == 30.0
    assert running.backup_reserve_percent_app == pytest.approx(26.315789)
    assert running.freq_shift_load_shed_soe_app == pytest.approx((75 - 5) / 0.95)


def test_older_firmware_mode_field() -> None:
    operation = CONVERTER.structure(
        {"mode": "self_consumption", "backup_reserve_percent": 24}, Operation
    )
    assert operation.mode is OperationMode.SELF_CONSUMPTION
    assert operation.real_mode is OperationMode.UNKNOWN
    assert operation.backup_reserve_percent_app == pytest.approx(20.0)


async def test_soe_on_both_scales() -> None:
    async with connect(RUNNING) as pw:
        soe = await pw.system_status.soe()
    assert soe.percentage == pytest.approx(42.415190953701725)
    assert soe.percentage_app == pytest.approx((42.415190953701725 - 5) / 0.95)


def test_empty_grid_status_reads_unknown() -> None:
    answer = CONVERTER.structure({"grid_status": ""}, GridStatusResponse)
    assert answer.grid_status is GridStatus.UNKNOWN
    assert answer.grid_status_raw == ""
    assert not answer.connected


async def test_update_status_epoch_milliseconds_and_state() -> None:
    async with connect(RUNNING) as pw:
        update = await pw.system.update_status()
    assert update.state is UpdateState.SUCCEEDED
    assert update.current_time == datetime(2021, 12, 26, 20, 9, 26, 145000, tzinfo=UTC)
    assert update.version.parts == (21, 44)
    assert update.info is not None
    assert update.info.status == ("nonactionable",)


async def test_meter_readings_keyed_by_serial() -> None:
    async with connect(MISC) as pw:
        readings = await pw.meters.readings()
    reading = readings["ABC1234567890"]
    assert reading.error == ""
    assert reading.data is not None
    assert reading.data.f_Hz == 60.0
    assert [ct.p_W for ct in reading.data.cts] == [345.07, 68.48, -0.2, -0.06]
    async with connect(MISC2) as pw:
        failed = (await pw.meters.readings())["ABC1234567890"]
    assert failed.error.startswith("Get https://Neurio-12345")


async def test_meter_details_cached_readings() -> None:
    async with connect(MISC2) as pw:
        (site,) = await pw.meters.site()
    assert site.location == "site"
    assert site.connection is not None
    assert site.connection.port == 443
    assert site.Cached_readings is not None
    assert site.Cached_readings.real_power_a == pytest.approx(-17.950000762939453)
    assert site.Cached_readings.timeout == timedelta(seconds=1.5)


async def test_meters_and_cts_by_serial() -> None:
    async with connect(RUNNING) as pw:
        meters = await pw.meters.get()
        cts = await pw.meters.cts("METER_SERIALsynchrometerY")
    assert [m.type for m in meters] == ["synchrometerY", "synchrometerX"]
    assert [ct.type for ct in cts] == ["site", "solar"]
    assert cts[1].valid == (False, False, True, False)
    assert cts[1].real_power_scale_factor == 2.0


async def test_powerwalls_diagnostics() -> None:
    async with connect(RUNNING) as pw:
        powerwalls = await pw.powerwalls.get()
    (battery,) = powerwalls.powerwalls
    assert battery.grid_state is GridState.UNCOMPLIANT
    assert battery.commissioning_diagnostic is not None
    checks = battery.commissioning_diagnostic.checks or ()
    assert {check.status for check in checks} == {CheckStatus.FAIL}
    assert checks[0].start_time == datetime(
        2021, 12, 26, 13, 9, 23, 624488, tzinfo=timezone(timedelta(hours=-7))
    )
    assert not battery.commissioning_diagnostic.passed
    assert powerwalls.sync is not None
    assert powerwalls.gateway_din.startswith("1232100-00-E")


def test_diagnostic_passed() -> None:
    diagnostic = STRICT.structure(
        json.loads((MISC2 / "system.networks.conn_tests.json").read_text()), Diagnostic
    )
    assert [c.status for c in diagnostic.checks or []] == [
        CheckStatus.PASS,
        CheckStatus.PASS,
        CheckStatus.RUNNING,
    ]
    assert not diagnostic.passed


async def test_networks_interfaces() -> None:
    async with connect(RUNNING) as pw:
        networks = await pw.networks.get()
    assert [n.interface for n in networks] == [
        InterfaceType.ETHERNET,
        InterfaceType.CELLULAR,
        InterfaceType.WIFI,
    ]
    assert networks[1].dhcp is None
    assert networks[2].iface_network_info is not None
    assert networks[2].iface_network_info.signal_strength == 59


async def test_grid_codes_and_regions() -> None:
    async with connect(MISC) as pw:
        codes = await pw.site_info.grid_codes()
    assert "60Hz_240V_s_UL1741SA:2016_California" in {c.grid_code for c in codes.all()}
    assert codes.codes["United Kingdom"]["*"]["G83 16A"][0].grid_freq_setting == 50.0
    async with connect(RUNNING) as pw:
        regions = await pw.site_info.grid_regions()
    rows = regions.rows
    assert rows[0].grid_code == "60Hz_240V_s_IEEE1547_2003"
    assert rows[0].country == "Antigua and Barbuda"
    assert len(regions.grid_code_settings) == 38
    assert any(s.grid_customizable_points for s in regions.grid_code_settings.values())


def test_site_info_old_flat_grid_code() -> None:
    # The API document's own example: grid_code is a string, its details at the top level.
    info = STRICT.structure(
        {
            "site_name": "Loschiavo",
            "grid_code": "60Hz_240V_s_UL1741SA:2016_California",
            "grid_voltage_setting": 240,
            "region": "UL1741SA",
        },
        SiteInfo,
    )
    assert info.grid_code == GridCode(grid_code="60Hz_240V_s_UL1741SA:2016_California")
    assert info.grid_voltage_setting == 240.0
    assert info.region == "UL1741SA"


async def test_stopped_site_info_measured_frequency() -> None:
    async with connect(STOPPED) as pw:
        info = await pw.site_info.get()
    assert info.measured_frequency == pytest.approx(60.01)
    assert info.grid_code is not None
    assert info.grid_code.utility == "Pacific Gas and Electric Company"


async def test_solar_brand_models_by_name_with_a_space() -> None:
    async with connect(MISC) as pw:
        models = await pw.solars.brand_models("SolarEdge Technologies")
    assert models[0].description.startswith("10 kW")
    assert {m.brand for m in models} == {"SolarEdge Technologies"}


async def test_lists_of_strings() -> None:
    async with connect(RUNNING) as pw:
        assert await pw.generators.disconnect_types() == ["DownstreamATS"]
        brands = await pw.solars.brands()
    assert "Enphase Energy" in brands


def test_island_mode_answer() -> None:
    answer = CONVERTER.structure({"island_mode": "backup"}, IslandingMode)
    assert answer.island_mode is IslandMode.ON_GRID
    odd = CONVERTER.structure({"island_mode": "grid_forming"}, IslandingMode)
    assert (odd.island_mode, odd.island_mode_raw) == (IslandMode.UNKNOWN, "grid_forming")


def test_password_change_answer_hides_the_password() -> None:
    answer = CONVERTER.structure({"password": "s3cret"}, PasswordChange)
    assert answer.password == "s3cret"
    assert "s3cret" not in repr(answer)


def test_lenient_converter_ignores_unknown_fields_strict_does_not() -> None:
    data = {"percentage": 50, "new_field": True}
    assert CONVERTER.structure(data, Soe).percentage == 50.0
    with pytest.raises(cattrs.BaseValidationError) as raised:
        STRICT.structure(data, Soe)
    assert "new_field" in " ".join(cattrs.transform_error(raised.value))


@pytest.mark.parametrize("value", ["abc", [], [{"percentage": 1}], 3, None])
def test_an_object_must_be_a_json_object(value: object) -> None:
    # cattrs alone would read these as an object with none of the keys: all defaults.
    with pytest.raises((TypeError, cattrs.BaseValidationError)):
        CONVERTER.structure(value, Soe)


@pytest.mark.parametrize("value", ["abc", {"a": 1}])
def test_lists_must_be_json_lists(value: object) -> None:
    # cattrs alone would iterate the characters, or the object's keys.
    with pytest.raises(TypeError, match="expected a list"):
        CONVERTER.structure(value, list[str])


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (MeterAggregate, {"instant_power": 10**400}),
        (MeterAggregate, {"timeout": 10**40}),
        (Status, {"up_time_seconds": "99999999999999999h"}),
        (UpdateStatus, {"current_time": 10**30}),
    ],
)
def test_numbers_out_of_range_are_value_errors(model: type, data: dict[str, object]) -> None:
    with pytest.raises(cattrs.BaseValidationError) as raised:
        CONVERTER.structure(data, model)
    (cause,) = raised.value.exceptions
    assert isinstance(cause, ValueError)
    assert not isinstance(cause, OverflowError)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"instant_total_current": None}, None),
        ({"instant_total_current": 2.5}, 2.5),
        ({"instant_total_current": 3}, 3.0),
        ({"num_meters_aggregated": 2}, 2),
        ({"num_meters_aggregated": 2.0}, 2),
    ],
)
def test_optional_numbers_take_null_and_numbers(
    data: dict[str, object], expected: float | None
) -> None:
    ((name, _),) = data.items()
    value = getattr(CONVERTER.structure(data, MeterAggregate), name)
    assert (value, type(value)) == (expected, type(expected))


@pytest.mark.parametrize(
    "data",
    [
        {"instant_total_current": "3"},
        {"instant_total_current": True},
        {"num_meters_aggregated": "2"},
        {"num_meters_aggregated": False},
        {"num_meters_aggregated": 2.5},
    ],
)
def test_optional_numbers_refuse_other_json_types(data: dict[str, object]) -> None:
    with pytest.raises(cattrs.BaseValidationError) as raised:
        CONVERTER.structure(data, MeterAggregate)
    ((name, _),) = data.items()
    assert f"@ $.{name}" in " ".join(cattrs.transform_error(raised.value))
