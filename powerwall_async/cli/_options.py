"""The connection options every gateway command takes, and where their values come from.

Each option can be given after the command (``powerwall-async status --host H``), before it
(``powerwall-async --host H status``), in an environment variable, or in the config file; the
first of those that has a value wins. The three ways to trust the gateway (``--pin``,
``--cafile``, ``--insecure``) count as one setting: the first place that names any of them
decides, and it may name only one.
"""

from __future__ import annotations

import inspect
import ipaddress
import os
from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import urlsplit

import attrs
import typer

from ..transports import DEFAULT_SNI_HOSTNAME, DEFAULT_TIMEOUT
from ._config import load_config
from ._exit import CliError, ExitCode

__all__ = ["CONNECTION_PARAMETERS", "Settings", "resolve_settings"]

PANEL = "Connection"
DEFAULT_SNI = DEFAULT_SNI_HOSTNAME
TRUST_KEYS = ("pin", "cafile", "insecure")

ENV = {
    "host": "POWERWALL_HOST",
    "password": "POWERWALL_PASSWORD",
    "email": "POWERWALL_EMAIL",
    "pin": "POWERWALL_PIN",
    "cafile": "POWERWALL_CAFILE",
    "insecure": "POWERWALL_INSECURE",
    "sni": "POWERWALL_SNI",
    "timeout": "POWERWALL_TIMEOUT",
    "config": "POWERWALL_CONFIG",
    "debug": "POWERWALL_DEBUG",
    "gateway_password": "POWERWALL_GATEWAY_PASSWORD",
    "tedapi_key": "POWERWALL_TEDAPI_KEY",
}
"""The environment variable of each option."""


def _option(
    name: str,
    annotation: Any,
    *flags: str,
    help: str,  # noqa: A002
    metavar: str | None = None,
) -> inspect.Parameter:
    text = f"{help} (env {ENV[name]})"
    return inspect.Parameter(
        name,
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            annotation,
            typer.Option(
                *flags, help=text, rich_help_panel=PANEL, show_default=False, metavar=metavar
            ),
        ],
    )


CONNECTION_PARAMETERS: tuple[inspect.Parameter, ...] = (
    _option(
        "host",
        str | None,
        "--host",
        metavar="HOST",
        help="The gateway: HOST, HOST:PORT or https://HOST[:PORT] (fixture://DIR replays a "
        "recording).",
    ),
    _option(
        "password",
        str | None,
        "--password",
        metavar="PASSWORD",
        help="The customer password; prompted for when needed and not given.",
    ),
    _option(
        "email",
        str | None,
        "--email",
        metavar="EMAIL",
        help="The e-mail address sent with the login.",
    ),
    _option(
        "pin",
        str | None,
        "--pin",
        metavar="SHA256",
        help="Trust the certificate with this SHA-256 fingerprint (see fetch-cert).",
    ),
    _option(
        "cafile",
        str | None,
        "--cafile",
        metavar="PEM",
        help="Trust the certificate saved by fetch-cert --out.",
    ),
    _option(
        "insecure",
        bool | None,
        "--insecure",
        help="Do not verify the certificate at all (anyone on the network can pose as it).",
    ),
    _option(
        "sni",
        str | None,
        "--sni",
        metavar="NAME",
        help="The TLS server name to send: powerwall (default), teg, powerpack or none.",
    ),
    _option(
        "timeout",
        float | None,
        "--timeout",
        metavar="SECONDS",
        help="Seconds to wait for each answer [10].",
    ),
    _option("config", str | None, "--config", metavar="PATH", help="The TOML config file to read."),
    _option(
        "debug",
        bool | None,
        "--debug",
        "-v",
        help="Show each request sent and its answer on stderr (never a password, token or cookie).",
    ),
    _option(
        "gateway_password",
        str | None,
        "--gateway-password",
        metavar="PASSWORD",
        help="The gateway's full Wi-Fi password (its sticker), for TEDAPI v1; prompted for "
        "when a TEDAPI command needs it. As an argument it lands in your shell history.",
    ),
    _option(
        "tedapi_key",
        str | None,
        "--tedapi-key",
        metavar="PATH",
        help="The RSA key registered for TEDAPI v1r (see tedapi keygen): settings and commands.",
    ),
)
"""The options, as parameters typer reads from a command's signature."""

NAMES = tuple(parameter.name for parameter in CONNECTION_PARAMETERS)


@attrs.frozen(kw_only=True)
class Settings:
    """Where the gateway is and how to talk to it, resolved from every source."""

    url: str
    """``https://HOST:PORT``, or another transport's URL (``fixture:///dir``)."""
    password: str | None = attrs.field(default=None, repr=False)
    email: str = ""
    pin: str | None = None
    cafile: str | None = None
    insecure: bool = False
    sni: str | None = DEFAULT_SNI
    timeout: float = DEFAULT_TIMEOUT
    debug: bool = False
    """Echo each request and answer on stderr (``--debug``)."""
    gateway_password: str | None = attrs.field(default=None, repr=False)
    """The gateway (Wi-Fi sticker) password, for TEDAPI v1."""
    tedapi_key: str | None = None
    """The path of the RSA key registered for TEDAPI v1r."""

    @property
    def has_tedapi(self) -> bool:
        """Whether TEDAPI credentials are configured: a gateway password or a v1r key."""
        return self.gateway_password is not None or self.tedapi_key is not None

    @property
    def may_ask_tedapi(self) -> bool:
        """Whether TEDAPI can be asked without a prompt: credentials configured, or a replay
        (the recordings need none)."""
        return self.has_tedapi or self.is_recording

    @property
    def is_https(self) -> bool:
        return self.url.startswith("https://")

    @property
    def is_recording(self) -> bool:
        """A ``fixture://`` replay: nothing to log in to."""
        return self.url.startswith("fixture:")

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def port(self) -> int:
        return urlsplit(self.url).port or 443

    @property
    def cache_key(self) -> str:
        """What the saved session is filed under: ``host:port`` (or the URL)."""
        if not self.is_https:
            return self.url
        host = self.host
        return f"[{host}]:{self.port}" if ":" in host else f"{host}:{self.port}"

    def transport_options(self) -> dict[str, Any]:
        """Keyword arguments for the transport (TLS options only for https)."""
        if not self.is_https:
            return {}
        options: dict[str, Any] = {"sni_hostname": self.sni}
        if self.pin is not None:
            options["pin_sha256"] = self.pin
        if self.cafile is not None:
            options["cafile"] = os.path.expanduser(self.cafile)
        if self.insecure:
            options["verify"] = False
        return options


def gateway_url(host: str) -> str:
    """``https://HOST:PORT`` from what users type: a name, an IP, ``HOST:PORT``, a URL."""
    text = host.strip()
    if "://" in text:
        scheme = text.split("://", 1)[0].lower()
        if scheme == "http":
            raise CliError(
                f"{host!r}: the gateway speaks HTTPS only; use https:// or just the address",
                ExitCode.USAGE,
            )
        if scheme != "https":
            return text  # another transport (fixture://DIR, or a plugin's scheme)
        text = text.split("://", 1)[1].rstrip("/")
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        pass
    else:
        text = f"[{text}]"  # a bare IPv6 address
    parts = urlsplit(f"https://{text}")
    try:
        port = parts.port or 443
    except ValueError:
        raise CliError(f"{host!r} has an invalid port", ExitCode.USAGE) from None
    if not parts.hostname or parts.path or parts.query or parts.fragment or parts.username:
        raise CliError(
            f"{host!r} is not a gateway address; use HOST, HOST:PORT or https://HOST[:PORT]",
            ExitCode.USAGE,
        )
    netloc = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"https://{netloc}:{port}"


def _from_environment() -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, variable in ENV.items():
        text = os.environ.get(variable)
        if text is None or text == "":
            continue
        if name in ("insecure", "debug"):
            flag = text.strip().lower()
            if flag not in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
                raise CliError(f"{variable}={text!r}: use 1 or 0", ExitCode.USAGE)
            values[name] = flag in {"1", "true", "yes", "on"}
        elif name == "timeout":
            try:
                values[name] = float(text)
            except ValueError:
                raise CliError(f"{variable} must be a number of seconds", ExitCode.USAGE) from None
        else:
            values[name] = text
    return values


def _given(values: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if value is not None}


def resolve_settings(command: Mapping[str, Any], root: Mapping[str, Any]) -> Settings:
    """The settings from the command's options, the root's, the environment and the file."""
    environment = _from_environment()
    explicit_config = command.get("config") or root.get("config") or environment.get("config")
    levels = [_given(command), _given(root), environment, load_config(explicit_config)]
    chosen: dict[str, Any] = {}
    for level in reversed(levels):
        chosen.update({k: v for k, v in level.items() if k not in TRUST_KEYS})
    # ``insecure = false`` names no way to trust: it does not hide a pin given elsewhere.
    trusts = [
        {k: level[k] for k in TRUST_KEYS if k in level and level[k] is not False}
        for level in levels
    ]
    trust = next((found for found in trusts if found), {})
    if len(trust) > 1:
        raise CliError(
            "choose one way to trust the gateway: --pin, --cafile or --insecure", ExitCode.USAGE
        )
    if any("gateway_password" in _given(level) for level in (command, root)):
        typer.echo(
            "Warning: --gateway-password lands in your shell history; prefer "
            f"{ENV['gateway_password']}, gateway_password in the config file, or the prompt",
            err=True,
        )
    host = chosen.get("host")
    if not host:
        raise CliError(
            "which gateway? pass --host (e.g. 192.168.91.1), set POWERWALL_HOST or put host "
            "in the config file",
            ExitCode.USAGE,
        )
    timeout = float(chosen.get("timeout", DEFAULT_TIMEOUT))
    if not timeout > 0:
        raise CliError("--timeout must be a positive number of seconds", ExitCode.USAGE)
    sni = chosen.get("sni", DEFAULT_SNI)
    return Settings(
        url=gateway_url(host),
        password=chosen.get("password") or None,
        email=chosen.get("email", ""),
        pin=trust.get("pin"),
        cafile=trust.get("cafile"),
        insecure=bool(trust.get("insecure", False)),
        sni=None if sni.strip().lower() in {"", "none"} else sni.strip(),
        timeout=timeout,
        debug=bool(chosen.get("debug", False)),
        gateway_password=chosen.get("gateway_password") or None,
        tedapi_key=chosen.get("tedapi_key") or None,
    )
