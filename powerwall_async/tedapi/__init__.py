"""TEDAPI, the gateway's protobuf API: the wire layer.

The modules here build request bodies byte for byte, decode answers into plain results and
typed errors, carry the Tesla-signed GraphQL queries, and sign v1r requests with the owner's
RSA key. They send nothing themselves: the client group on top does the HTTP.

* ``_messages``: v1 requests (``build_*_request``, envelopes reused over v1r) and answers
  (``decode_v1_response`` then ``read_config`` / ``read_system_info`` / ``read_query``);
* ``_queries``: the two signed query sets (``queries/``, see its NOTICE) and the offline
  signature check;
* ``_v1r``: the signed ``RoutableMessage`` (``build_v1r_request``, ``decode_v1r_response``)
  and the gateway's side of it; ``_keys``: the owner's key; ``_gzip``: bodies of firmware
  25.42.2 and later; ``_errors``: what refusals become;
* ``_commands``: v1r commands (the config update, island mode, backup events, authorized
  clients) and their answers, and the optimistic lock's verdict (``failed_write_error``);
  ``_command_answers``: the gateway's answers to them (simulator, tests);
  ``_edits``: the settings as pure, validated edits of ``config.json`` (``with_*``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._errors import KeyFilePermissionWarning

if TYPE_CHECKING:
    from ._keys import PublicKeyInfo, keygen

__all__ = ["KeyFilePermissionWarning", "PublicKeyInfo", "keygen"]


def __getattr__(name: str) -> Any:
    # The key tools (hashlib, pathlib) load on first use: `import powerwall_async` imports
    # this package for its error classes alone.
    if name in ("PublicKeyInfo", "keygen"):
        from . import _keys

        return getattr(_keys, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
