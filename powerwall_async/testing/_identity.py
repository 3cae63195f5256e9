"""The simulated site's made-up identity: the serial numbers, addresses and names it serves in
place of the redaction placeholders of its recordings (``<<GATEWAY_TSN>>``...).

The values look like a real site's and are the same in every answer, so that a client sees one
consistent gateway (its DIN in ``/api/status``, ``/api/powerwalls`` and the vitals alike).
"""

from __future__ import annotations

__all__ = ["GATEWAY_SERIAL", "PLACEHOLDERS", "VITALS_SERIALS", "made_up"]

GATEWAY_SERIAL = "TG121234567890"
BATTERY_SERIAL = "TG1187650001AB"

PLACEHOLDERS: dict[str, str] = {
    "<<GATEWAY_TSN>>": GATEWAY_SERIAL,
    "<<METER_SERIAL>>": "OBB3364102752",
    "<<BATTERY_SERIAL>>": BATTERY_SERIAL,
    "<<IP_ADDR>>": "192.168.1.57",
    "<<MAC_ADDR>>": "a4:83:e7:12:34:56",
    "<<WIFI_SSID>>": "SmithFamilyWiFi",
    "<<INSTALLER_PHONE>>": "+1 415 555 0199",
    "<<INSTALLER_EMAIL>>": "jane.doe@solar-installer.example",
}
"""The recordings' placeholders → what the simulator serves instead."""

VITALS_SERIALS: dict[str, str] = {
    "TTTTTTTTTTTTTT": GATEWAY_SERIAL,  # the site controller (STSTSM)
    "44444444444444": BATTERY_SERIAL,  # the Powerwalls (TETHC)
    "GGGGGGGGGGGGGG": "TG1187650002CD",
    "TTTTTTTTTTT": "CN321098765",  # their inverters and battery pods (TEPINV, TEPOD)
    "SSSSSSSSSSS": "CN321098766",
    "CCCCCCCCCCCCCC": "1538000A27F9B4",  # the solar inverter (PVAC, PVS)
    "77777777777777": "1493315A1C2D3E",  # the synchrometer (TESYNC)
    "VVVVVVVVVVVVV": "OBB3364102752",  # the Neurio meter (the site meter of /api/meters)
}
"""The serials of the vitals sample (letters or digits repeated) → made-up ones; the
gateway's is the one its DIN carries everywhere else."""


def made_up(text: str, table: dict[str, str] = PLACEHOLDERS) -> str:
    """``text`` with every key of ``table`` replaced by its value (longest keys first)."""
    for key in sorted(table, key=len, reverse=True):
        text = text.replace(key, table[key])
    return text
