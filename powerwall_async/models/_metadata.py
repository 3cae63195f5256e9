"""Field metadata that tells the converter how to read a model (no cattrs import here)."""

from __future__ import annotations

__all__ = ["JSON_EMBEDDED", "JSON_KEY", "JSON_ROOT", "RAW_SUFFIX", "SCALAR_FIELD"]

RAW_SUFFIX = "_raw"
"""A field ``<name>_raw: str`` next to an enum field ``<name>`` receives the raw string."""

JSON_KEY = "json_key"
"""Field metadata naming the JSON key when it cannot be the field's name
(``attrs.field(default="", metadata={JSON_KEY: "from"})``)."""

JSON_ROOT = "json_root"
"""Field metadata: this field receives the whole JSON value, for answers that are not an object
of named fields (``{"<serial>": {...}}`` keyed by meter serial, a list, any JSON)."""

JSON_EMBEDDED = "json_embedded"
"""With :data:`JSON_ROOT`: the value arrives as JSON text inside a string (``decoded_alert``);
it is parsed first, and ``null`` gives the class's defaults."""

SCALAR_FIELD = "_json_scalar_field"
"""A class attribute naming the field that a bare string fills when the gateway sends one in
place of the object (older firmware's ``"grid_code": "60Hz_240V_..."``)."""
