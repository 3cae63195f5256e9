"""GET /api/devices/vitals: the golden payload against the reference, the typed views, leniency."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest

from powerwall_async._proto import vitals as pb
from powerwall_async.models import vitals
from powerwall_async.models.vitals import (
    BatteryPod,
    DeviceVitals,
    Inverter,
    IslandController,
    Meter,
    MeterCt,
    PvInverter,
    PvString,
    Vitals,
    decode_vitals,
)

from .helpers import golden_script, same_value

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "vitals"
GOLDEN = FIXTURES / "api-devices-vitals.pb"
REFERENCE: dict[str, dict[str, Any]] = json.loads(
    (FIXTURES / "api-devices-vitals.json").read_text(encoding="utf-8")
)
IDENTITY = {
    "partNumber": "part_number",
    "serialNumber": "serial_number",
    "manufacturer": "manufacturer",
    "firmwareVersion": "firmware_version",
    "Parent": "parent_din",
}


def encode(devices: list[pb.DeviceVitals]) -> bytes:
    return bytes(pb.DevicesWithVitals(devices=devices))


def entry(din: str | None, values: dict[str, Any], **identity: Any) -> pb.DeviceVitals:
    """One device entry encoded by betterproto2: readings typed by their Python type."""
    readings = []
    for name, value in values.items():
        if isinstance(value, bool):
            readings.append(pb.Vital(name=name, bool_value=value))
        elif isinstance(value, int):
            readings.append(pb.Vital(name=name, int_value=value))
        elif isinstance(value, float):
            readings.append(pb.Vital(name=name, float_value=value))
        else:
            readings.append(pb.Vital(name=name, string_value=value))
    device = pb.Device(din=din, **identity)
    return pb.DeviceVitals(device=[pb.ConnectedDevice(device=device)], vitals=readings)


@pytest.fixture(scope="module")
def golden() -> Vitals:
    return decode_vitals(GOLDEN.read_bytes())


# --- The golden payload ----------------------------------------------------------------------


def test_golden_has_every_reference_device_in_order(golden: Vitals) -> None:
    assert list(golden.devices) == list(REFERENCE)


@pytest.mark.parametrize("din", list(REFERENCE))
def test_golden_device_matches_reference(golden: Vitals, din: str) -> None:
    reference = REFERENCE[din]
    device = golden.devices[din]
    assert device.din == din
    for key, field in IDENTITY.items():
        assert getattr(device, field) == reference[key]
    assert device.last_communication_time == datetime.fromtimestamp(
        int(reference["lastCommunicationTime"]), UTC
    )
    assert device.last_communication_time.tzinfo is not None
    readings = {k: v for k, v in reference.items() if k not in IDENTITY}
    del readings["lastCommunicationTime"]
    # Every reading, with the value and the Python type the protobuf oneof carried.
    assert list(device.values) == list(readings)
    for name, value in readings.items():
        assert same_value(device.values[name], value), (name, device.values[name], value)
    assert device.alerts == ()
    assert device.site_label is None
    assert device.first_communication_time is None


def test_golden_fixture_is_what_the_independent_encoder_makes() -> None:
    pytest.importorskip("grpc_tools", reason="grpcio-tools (the dev extra) is not installed")
    assert golden_script().encode(REFERENCE) == GOLDEN.read_bytes()


def test_device_types_come_from_the_din(golden: Vitals) -> None:
    assert [d.device_type for d in golden.devices.values()] == [
        "NEURIO",
        "PVAC",
        "PVS",
        "STSTSM",
        "TEPINV",
        "TEPINV",
        "TEPOD",
        "TEPOD",
        "TESLA",
        "TESLA",
        "TESYNC",
        "TETHC",
        "TETHC",
    ]
    assert DeviceVitals(din="1232100-00-E--TG1234").device_type == ""
    assert DeviceVitals().device_type == ""


# --- Typed views on the golden payload ------------------------------------------------------


def test_battery_pods(golden: Vitals) -> None:
    first, second = golden.battery_pods
    assert first == BatteryPod(
        din="TEPOD--1081100-10-U--SSSSSSSSSSS",
        nom_energy_remaining=8636.0,
        nom_full_pack_energy=13990.0,
        nom_energy_to_be_charged=5685.0,
        available_charge_power=7000.0,
        available_dischg_power=12000.0,
        state="POD_ACTIVE",
        enable_line=True,
        charge_complete=False,
        discharge_complete=False,
        charge_request=False,
        active_heating=False,
        ccv_hold=False,
        persistently_faulted=False,
        permanently_faulted=False,
    )
    assert second.din == "TEPOD--1081100-13-V--TTTTTTTTTTT"
    assert (second.nom_energy_remaining, second.nom_full_pack_energy) == (9915.0, 14339.0)


def test_inverters(golden: Vitals) -> None:
    assert [i.din for i in golden.inverters] == [
        "TEPINV--1081100-10-U--SSSSSSSSSSS",
        "TEPINV--1081100-13-V--TTTTTTTTTTT",
    ]
    inverter = golden.inverters[1]
    assert inverter == Inverter(
        din="TEPINV--1081100-13-V--TTTTTTTTTTT",
        state="PINV_GridFollowing",
        grid_state="Grid_Compliant",
        pout=-0.18,
        qout=0.01,
        vout=241.10000000000002,
        fout=59.975,
        v_split1=120.7,
        v_split2=120.4,
        pll_frequency=59.963,
        pll_locked=True,
        energy_charged=465300.0,
        energy_discharged=393790.0,
        power_limiter="PWRLIM_POD_Power_Limit",
        ready_for_grid_forming=True,
        hardware_enable_line=True,
    )


def test_pv_inverter_and_its_strings(golden: Vitals) -> None:
    (inverter,) = golden.pv_inverters
    assert inverter.din == "PVAC--1538100-00-F--CCCCCCCCCCCCCC"
    assert (inverter.state, inverter.inv_state, inverter.grid_state) == (
        "PVAC_Active",
        "INV_Grid_Connected",
        "Grid_Compliant",
    )
    assert (inverter.pout, inverter.qout, inverter.vout, inverter.iout, inverter.fout) == (
        1610.0,
        20.0,
        240.0,
        6.32,
        59.976,
    )
    assert inverter.lifetime_energy_pv_total == 1543380.0
    assert inverter.pvs_state == "PVS_Active"  # from the PVS device below the inverter
    assert inverter.strings == (
        PvString(
            name="A", voltage=244.8, current=2.24, power=552.0, state="PV_Active", connected=True
        ),
        PvString(
            name="B", voltage=-2.5, current=0.0, power=0.0, state="PV_Active", connected=False
        ),
        PvString(
            name="C", voltage=314.5, current=1.62, power=508.0, state="PV_Active", connected=True
        ),
        PvString(
            name="D",
            voltage=315.20000000000005,
            current=1.6,
            power=503.0,
            state="PV_Active_Parallel",
            connected=True,
        ),
    )


def test_meters(golden: Vitals) -> None:
    neurio, x, y = golden.meters
    assert neurio == Meter(
        din="NEURIO--VVVVVVVVVVVVV",
        name="NEURIO",
        cts=(MeterCt(name="0", inst_real_power=1576.0756967629245, location="solar"),),
    )
    assert x == Meter(
        din="TESYNC--1493315-01-F--77777777777777",
        name="METER_X",
        lifetime_energy_import=1904776.0,
        lifetime_energy_export=372371.0,
        vl1n=120.3,
        vl2n=120.68,
        vl3n=0.0,
        cts=(
            MeterCt(name="A", current=4.2525, inst_real_power=434.0, inst_reactive_power=-13.0),
            MeterCt(
                name="B",
                current=3.9210000000000003,
                inst_real_power=-433.0,
                inst_reactive_power=-44.0,
            ),
            MeterCt(name="C", current=0.0, inst_real_power=0.0, inst_reactive_power=0.0),
        ),
    )
    assert (y.name, y.lifetime_energy_import, y.vl1n) == ("METER_Y", 2.0, 120.31)
    assert [ct.name for ct in y.cts] == ["A", "B", "C"]


def test_island_controller(golden: Vitals) -> None:
    assert golden.island_controller == IslandController(
        din="TESYNC--1493315-01-F--77777777777777",
        grid_state="ISLAND_GridState_Grid_Compliant",
        grid_connected=True,
        ready_for_synchronization=True,
        freq_l1_main=59.980000000000004,
        freq_l2_main=60.0,
        freq_l3_main=0.0,
        freq_l1_load=59.980000000000004,
        freq_l2_load=60.010000000000005,
        freq_l3_load=0.0,
        vl1n_main=121.0,
        vl2n_main=121.0,
        vl3n_main=0.0,
        vl1n_load=121.0,
        vl2n_load=121.0,
        vl3n_load=0.0,
        l1_microgrid_ok=True,
        l2_microgrid_ok=True,
        l3_microgrid_ok=False,
        l1l2_phase_delta=-256.0,
        l1l3_phase_delta=-256.0,
        l2l3_phase_delta=-256.0,
        phase_l1_main_load=0.0,
        phase_l2_main_load=0.0,
        phase_l3_main_load=-256.0,
    )


# --- Leniency --------------------------------------------------------------------------------


def test_unknown_device_kinds_are_listed_but_in_no_view() -> None:
    decoded = decode_vitals(encode([entry("TEWIDGET--1--2", {"WIDGET_Spin": 3})]))
    assert decoded.devices["TEWIDGET--1--2"].values == {"WIDGET_Spin": 3}
    assert decoded.devices["TEWIDGET--1--2"].device_type == "TEWIDGET"
    views = (decoded.battery_pods, decoded.inverters, decoded.pv_inverters, decoded.meters)
    assert views == ((), (), (), ())
    assert decoded.island_controller is None


def test_missing_or_differently_typed_values_are_none_in_views() -> None:
    decoded = decode_vitals(
        encode(
            [
                entry(
                    "TEPOD--1--2",
                    {
                        "POD_nom_energy_remaining": 5000,  # an int64 this time
                        "POD_nom_full_pack_energy": "13500",  # a string: not a number here
                        "POD_state": 1,  # an int: not a state string
                        "POD_enable_line": 1.0,  # a double: not a bool
                    },
                )
            ]
        )
    )
    (pod,) = decoded.battery_pods
    assert pod == BatteryPod(din="TEPOD--1--2", nom_energy_remaining=5000.0)
    assert type(pod.nom_energy_remaining) is float
    # The device keeps every value exactly as the gateway typed it.
    values = decoded.devices["TEPOD--1--2"].values
    assert type(values["POD_nom_energy_remaining"]) is int
    assert values["POD_nom_full_pack_energy"] == "13500"
    assert type(values["POD_enable_line"]) is float


def test_bools_are_not_numbers_in_views() -> None:
    decoded = decode_vitals(encode([entry("TEPINV--1", {"PINV_Pout": True})]))
    assert decoded.inverters == (Inverter(din="TEPINV--1"),)


def test_a_pv_inverter_without_string_monitor() -> None:
    decoded = decode_vitals(
        encode([entry("PVAC--1", {"PVAC_PVCurrent_B": 1.5, "PVAC_PvState_A": "PV_Active"})])
    )
    assert decoded.pv_inverters == (
        PvInverter(
            din="PVAC--1",
            strings=(
                PvString(name="A", state="PV_Active"),
                PvString(name="B", current=1.5),
            ),
        ),
    )


def test_a_string_monitor_only_joins_its_own_inverter() -> None:
    decoded = decode_vitals(
        encode(
            [
                entry("PVAC--1", {"PVAC_Pout": 1.0}),
                entry("PVAC--2", {"PVAC_Pout": 2.0}),
                entry("PVS--2", {"PVS_StringE_Connected": True}, component_parent_din="PVAC--2"),
            ]
        )
    )
    first, second = decoded.pv_inverters
    assert first.strings == ()
    assert second.strings == (PvString(name="E", connected=True),)


def test_identity_absent_is_none_and_empty_is_empty() -> None:
    decoded = decode_vitals(encode([entry("X--1", {}, part_number="", serial_number=None)]))
    device = decoded.devices["X--1"]
    assert device.part_number == ""
    assert device.serial_number is None
    assert device.last_communication_time is None


def test_an_entry_without_identity_is_listed_under_the_empty_din() -> None:
    body = encode([pb.DeviceVitals(vitals=[pb.Vital(name="A", int_value=1)], alerts=["a1"])])
    decoded = decode_vitals(body)
    assert decoded.devices == {"": DeviceVitals(values={"A": 1}, alerts=("a1",))}


def test_a_din_seen_twice_keeps_its_first_identity_and_adds_readings_and_alerts() -> None:
    first = entry("TEPOD--1", {"POD_state": "POD_ACTIVE", "A": 1}, manufacturer="TESLA")
    first.alerts = ["one"]
    second = entry("TEPOD--1", {"A": 2, "B": 3}, manufacturer="OTHER")
    second.alerts = ["two"]
    decoded = decode_vitals(encode([first, second]))
    assert decoded.devices == {
        "TEPOD--1": DeviceVitals(
            din="TEPOD--1",
            manufacturer="TESLA",
            values={"POD_state": "POD_ACTIVE", "A": 2, "B": 3},
            alerts=("one", "two"),
        )
    }


def test_several_devices_in_one_entry_each_get_its_readings() -> None:
    body = encode(
        [
            pb.DeviceVitals(
                device=[
                    pb.ConnectedDevice(device=pb.Device(din="A--1")),
                    pb.ConnectedDevice(device=pb.Device(din="B--2")),
                ],
                vitals=[pb.Vital(name="V", bool_value=False)],
            )
        ]
    )
    decoded = decode_vitals(body)
    assert decoded.devices == {
        "A--1": DeviceVitals(din="A--1", values={"V": False}),
        "B--2": DeviceVitals(din="B--2", values={"V": False}),
    }


def test_a_vital_without_a_value_is_left_out() -> None:
    body = encode([pb.DeviceVitals(vitals=[pb.Vital(name="nothing"), pb.Vital(int_value=7)])])
    assert decode_vitals(body).devices[""].values == {"": 7}


def test_attributes_and_connection_parameters() -> None:
    device = pb.Device(
        din="D--1",
        site_label="Garage",
        first_communication_time=datetime(2021, 1, 2, 3, 4, 5, 678000, tzinfo=UTC),
        connection_parameters=pb.ConnectionParameters(ip_address="10.0.0.2", modbus_id=3),
        device_attributes=[
            pb.DeviceAttributes(
                ecu=pb.EcuAttributes(ecu_type=7, hardware_id=pb.HardwareId(pcba_id=1, usage_id=0))
            ),
            pb.DeviceAttributes(generator=pb.GeneratorAttributes(nameplate_real_power_w=2**63 + 1)),
            pb.DeviceAttributes(pv_inverter=pb.PvInverterAttributes(nameplate_real_power_w=7600)),
            pb.DeviceAttributes(meter=pb.MeterAttributes(meter_location=[1, 4])),
            pb.DeviceAttributes(),  # a kind this schema does not know
        ],
    )
    body = encode([pb.DeviceVitals(device=[pb.ConnectedDevice(device=device)])])
    decoded = decode_vitals(body).devices["D--1"]
    assert decoded.site_label == "Garage"
    assert decoded.first_communication_time == datetime(2021, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    assert decoded.connection == vitals.ConnectionParameters(ip_address="10.0.0.2", modbus_id=3)
    assert decoded.attributes == (
        vitals.EcuAttributes(ecu_type=7, pcba_id=1, usage_id=0),
        vitals.GeneratorAttributes(nameplate_real_power_w=2**63 + 1),
        vitals.PvInverterAttributes(nameplate_real_power_w=7600),
        vitals.MeterAttributes(meter_location=(1, 4)),
    )


def test_an_empty_body_is_a_site_without_devices() -> None:
    assert decode_vitals(b"") == Vitals()


MODELS = [getattr(vitals, name) for name in vitals.__all__ if attrs.has(getattr(vitals, name))]


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
def test_models_are_frozen_with_a_default_on_every_field(cls: type[Any]) -> None:
    instance = cls()
    field = attrs.fields(cls)[0]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(instance, field.name, getattr(instance, field.name))


def test_public_names() -> None:
    assert vitals.__all__ == [
        "BatteryPod",
        "ConnectionParameters",
        "DeviceAttribute",
        "DeviceVitals",
        "EcuAttributes",
        "GeneratorAttributes",
        "Inverter",
        "IslandController",
        "Meter",
        "MeterAttributes",
        "MeterCt",
        "PvInverter",
        "PvInverterAttributes",
        "PvString",
        "VitalValue",
        "Vitals",
        "decode_vitals",
    ]
    assert len(MODELS) == 14  # every name but the two aliases and the function
