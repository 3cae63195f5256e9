"""Redaction for diagnostics and recordings: the same secret becomes the same placeholder
everywhere.

For a diagnostics dump (what Home Assistant integrations attach to bug reports)::

    from powerwall_async.redaction import redact

    dump = redact({"status": await pw.request("GET", "/api/status"),
                   "site_info": await pw.request("GET", "/api/site_info")})

``powerwall-async record`` uses the same :class:`Redactor` across every recorded file, the
binary vitals (GET /api/devices/vitals) included: :func:`vitals_as_json` to learn from them,
:func:`redact_vitals` to write them.

Two passes. :meth:`Redactor.learn` walks every recorded answer first and learns the values
that identify a site by the keys that hold them (serial numbers, DINs, names, the site name,
Wi-Fi names, phone numbers, tokens, passwords) and by their shape (DINs anywhere, also inside
JSON embedded in strings). :meth:`Redactor.redact` then replaces each learned value wherever
it occurs — in values, in object keys, inside embedded JSON, in file names — and e-mail
addresses, IP and MAC addresses by their shape; coordinates become 0. Placeholders keep the
shape where a model or a file name depends on it: IP addresses stay IP addresses (from the
documentation ranges), MAC addresses stay MAC addresses, a DIN keeps its type and part number.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

__all__ = ["Redactor", "redact", "redact_vitals", "vitals_as_json"]

_SHORTEST_SUBSTRING = 4
"""Learned values shorter than this are replaced only where they are the whole string."""

_DIN = re.compile(
    r"\b(?:[A-Z][A-Z0-9]*--)?\d{7}-\d{2}-[A-Z]--(?P<a>[A-Za-z0-9]{4,})\b"
    r"|\b[A-Z][A-Z0-9]*--(?P<b>[A-Za-z0-9]{4,})\b"
)
"""A DIN: ``TYPE--PART--SERIAL``, ``PART--SERIAL`` or ``TYPE--SERIAL``; the serial is kept."""

_SHAPES = (
    r"(?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
    r"|(?P<mac>(?<![0-9A-Fa-f:-])[0-9A-Fa-f]{2}(?P<sep>[:-])(?:[0-9A-Fa-f]{2}(?P=sep)){4}"
    r"[0-9A-Fa-f]{2}(?![0-9A-Fa-f:-]))"
    r"|(?P<ipv6>(?<![0-9A-Fa-f:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Fa-f:.]))"
    r"|(?P<ipv4>(?<![0-9.])(?:\d{1,3}\.){3}\d{1,3}(?![0-9.]))"
)
"""What is redacted by its shape alone."""

_COORDINATES = frozenset({"latitude", "longitude", "lat", "lon", "lng"})
_BUILT_IN_NETWORKS = re.compile(r"_tesla_internal_default$|^connman_|^ethernet|^gsm", re.I)

_PLACEHOLDERS = {
    "serial": "SERIAL-{}",
    "name": "NAME-{}",
    "site": "SITE-NAME-{}",
    "wifi": "WIFI-{}",
    "phone": "PHONE-{}",
    "token": "TOKEN-{}",
    "password": "PASSWORD-{}",
    "host": "HOST-{}",
    "secret": "REDACTED-{}",
    "email": "user{}@example.com",
}
_DOCUMENTATION_NETWORKS = ("192.0.2", "198.51.100", "203.0.113")
"""IPv4 placeholders come from the ranges reserved for documentation (RFC 5737)."""


_KEY_CATEGORIES = {
    **dict.fromkeys(("din", "vin", "shortid", "parent", "sensorid"), "serial"),
    **dict.fromkeys(("token", "authcookie", "accesstoken", "refreshtoken", "authtoken"), "token"),
    **dict.fromkeys(
        ("firstname", "lastname", "fullname", "customername", "contactname", "ownername"), "name"
    ),
    "sitename": "site",
    **dict.fromkeys(("ssid", "networkname", "wifissid"), "wifi"),
    "email": "email",
    **dict.fromkeys(("ipaddress", "ip", "hostname", "host"), "host"),
}
"""Keys (lower case, without ``_`` and ``-``) whose values identify a site, and what they are."""
_KEY_PARTS = (("serial", "serial"), ("password", "password"), ("phone", "phone"))
"""The same, for keys that contain a word (``PackageSerialNumber``, ``new_password``)."""


def _category(key: str | None) -> str | None:
    """What the value under ``key`` is, judged by the key's name."""
    if key is None:
        return None
    name = key.lower().replace("_", "").replace("-", "")
    found = _KEY_CATEGORIES.get(name)
    if found is None:
        found = next((category for part, category in _KEY_PARTS if part in name), None)
    if found is None and name.endswith("din"):  # componentParentDin
        found = "serial"
    return found


def _embedded_json(text: str) -> Any:
    """The JSON object or array inside a string, or ``None``."""
    stripped = text.strip()
    if not stripped or stripped[0] not in "[{":
        return None
    try:
        value = json.loads(stripped)
    except ValueError:
        return None
    return value if isinstance(value, dict | list) else None


def _is_netmask(address: ipaddress.IPv4Address) -> bool:
    bits = int(address)
    inverted = ~bits & 0xFFFFFFFF
    return bits != 0 and inverted & (inverted + 1) == 0


class Redactor:
    """Learns identifying values, then replaces them consistently.

    ``secrets`` (the password, the session token) are always replaced, wherever they occur.
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._placeholders: dict[str, str] = {}
        self._shaped: dict[tuple[str, str], int] = {}
        self._counts: Counter[str] = Counter()
        self._pattern: re.Pattern[str] | None = None
        self._secrets = {secret for secret in secrets if secret}
        for secret in sorted(self._secrets):
            self._add("secret", secret)

    # -- learning --------------------------------------------------------------------------
    def learn(self, value: Any, key: str | None = None) -> None:
        """Learn the identifying values in a decoded JSON answer."""
        if isinstance(value, dict):
            for name, item in value.items():
                self._learn_text(str(name))
                self.learn(item, str(name))
        elif isinstance(value, list):
            for item in value:
                self.learn(item, key)
        elif isinstance(value, str):
            self._learn_value(key, value)
            self._learn_text(value)
            embedded = _embedded_json(value)
            if embedded is not None:
                self.learn(embedded)
        elif isinstance(value, int) and not isinstance(value, bool) and _category(key) == "serial":
            self._add("serial", str(value))

    def learn_text(self, text: str) -> None:
        """Learn the DINs in free text (a non-JSON answer)."""
        self._learn_text(text)

    def _learn_value(self, key: str | None, value: str) -> None:
        category = _category(key)
        if category is None or not value.strip():
            return
        if category == "serial" and "--" in value:
            value = value.rsplit("--", 1)[1]
        elif category == "wifi" and _BUILT_IN_NETWORKS.search(value):
            return
        elif category in {"email", "host"} and re.fullmatch(_SHAPES, value):
            return  # redacted by its shape
        self._add(category, value)

    def _learn_text(self, text: str) -> None:
        for match in _DIN.finditer(text):
            self._add("serial", match.group("a") or match.group("b"))

    def _add(self, category: str, value: str) -> None:
        if value in self._placeholders or not value:
            return
        self._counts[category] += 1
        self._placeholders[value] = _PLACEHOLDERS[category].format(self._counts[category])
        self._pattern = None

    # -- replacing -------------------------------------------------------------------------
    def redact(self, value: Any, key: str | None = None) -> Any:
        """A decoded JSON answer with everything identifying replaced."""
        if isinstance(value, dict):
            return {
                self.redact_text(str(name)): self.redact(item, str(name))
                for name, item in value.items()
            }
        if isinstance(value, list):
            return [self.redact(item, key) for item in value]
        if key is not None and key.lower() in _COORDINATES:
            return "0" if isinstance(value, str) else type(value)(0) if value else value
        if isinstance(value, str):
            return self._redact_string(value)
        if isinstance(value, int | float) and not isinstance(value, bool) and _category(key):
            return self._placeholders.get(str(value), value)  # a serial number as a number
        return value

    def _redact_string(self, text: str) -> str:
        exact = self._placeholders.get(text)
        if exact is not None:
            return exact
        embedded = _embedded_json(text)
        if embedded is not None:
            redacted = self.redact(embedded)
            return text if redacted == embedded else json.dumps(redacted, separators=(",", ":"))
        return self.redact_text(text)

    def redact_text(self, text: str) -> str:
        """Free text (a key, a file name, a non-JSON body) with everything identifying replaced."""
        exact = self._placeholders.get(text)
        if exact is not None:
            return exact
        return self._compiled().sub(self._replacement, text)

    def _compiled(self) -> re.Pattern[str]:
        if self._pattern is None:
            learned = sorted(
                (
                    value
                    for value in self._placeholders
                    if len(value) >= _SHORTEST_SUBSTRING or value in self._secrets
                ),
                key=len,
                reverse=True,
            )
            alternatives = [_SHAPES]
            if learned:
                known = "|".join(re.escape(value) for value in learned)
                alternatives.insert(0, rf"(?P<known>(?<![A-Za-z0-9])(?:{known})(?![A-Za-z0-9]))")
            self._pattern = re.compile("|".join(alternatives))
        return self._pattern

    def _replacement(self, match: re.Match[str]) -> str:
        text = match.group(0)
        if match.groupdict().get("known"):
            return self._placeholders[text]
        if match.group("email"):
            return f"user{self._number('email', text.lower())}@example.com"
        if match.group("mac"):
            number = self._number("mac", text.lower().replace("-", ":"))
            octets = ["02", "00", "00", "00", f"{number >> 8:02x}", f"{number & 255:02x}"]
            return match.group("sep").join(octets)
        return self._address(text)

    def _address(self, text: str) -> str:
        """An IP address from the documentation ranges; loopback, 0.0.0.0 and masks stay."""
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            return text  # looked like one, but is not (a time, a version)
        if address.is_loopback or address.is_unspecified:
            return text
        if isinstance(address, ipaddress.IPv6Address):
            return f"2001:db8::{self._number('ipv6', str(address)):x}"
        if _is_netmask(address):
            return text
        index, host = divmod(self._number("ipv4", str(address)) - 1, 254)
        return f"{_DOCUMENTATION_NETWORKS[min(index, 2)]}.{host + 1}"

    def _number(self, category: str, value: str) -> int:
        """A stable number for a value redacted by its shape (1, 2, ... per category)."""
        key = (category, value)
        if key not in self._shaped:
            self._counts[category] += 1
            self._shaped[key] = self._counts[category]
        return self._shaped[key]


def redact(value: Any, *, secrets: Iterable[str] = ()) -> Any:
    """A copy of ``value`` (decoded JSON: dicts, lists, strings, numbers) with serials, DINs,
    names, the site name, e-mail, IP and MAC addresses, coordinates, tokens and ``secrets``
    (say, the password) replaced by placeholders, consistently across the whole value."""
    redactor = Redactor(secrets)
    redactor.learn(value)
    return redactor.redact(value)


def vitals_as_json(body: bytes) -> dict[str, Any]:
    """A vitals body (the protobuf of GET /api/devices/vitals) as JSON-like values, named as
    the redactor recognises them (``din``, ``serialNumber``, ``ipAddress``); ``ValueError``
    when it is not a vitals message."""
    from ._proto import vitals as pb

    try:
        data: dict[str, Any] = pb.DevicesWithVitals.parse(body).to_dict()
    except Exception as exc:  # betterproto2 raises assorted errors on bad input
        raise ValueError(f"not a vitals message: {exc}") from None
    return data


def redact_vitals(body: bytes, redactor: Redactor) -> bytes:
    """The vitals body with every identifying string replaced (``redactor`` learnt them
    first), still a vitals message that decodes like the original.

    ``ipAddress``/``serialPort`` are the wrapped strings gateways send (StringValue): a
    redacted address goes back inside its wrapper message, which other parsers expect."""
    from ._proto import vitals as pb

    redacted = redactor.redact(vitals_as_json(body))
    return bytes(pb.DevicesWithVitals.from_dict(redacted))
