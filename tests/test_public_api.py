"""The names users import are pinned: removing or renaming one must be a deliberate change."""

from __future__ import annotations

import subprocess
import sys
from importlib.resources import files

import powerwall_async as pwa

EXPECTED = {
    "AccessDeniedError",
    "ApiError",
    "AuthenticationError",
    "Certificate",
    "CertificateError",
    "EndpointNotSupportedError",
    "GatewayBusyError",
    "GatewayPasswordError",
    "GatewayTimeoutError",
    "GatewayUnreachableError",
    "Powerwall",
    "PowerwallError",
    "RateLimitedError",
    "ResponseFormatError",
    "SitemasterStoppedError",
    "__version__",
    "fetch_certificate",
    "from_app_percent",
    "register_transport",
    "to_app_percent",
    "GatewayRefusedError",
    "GraphQLQueryError",
    "KeyFileError",
    "V1rBusyError",
    "V1rError",
    "V1rFollowerUnreachableError",
    "V1rKeyNotVerifiedError",
    "V1rKeyRequiredError",
    "V1rKeyUnknownError",
    "V1rRequestExpiredError",
    "V1rUnauthorizedError",
    "WriteConflictError",
    "WriteRejectedError",
}


def test_exported_names() -> None:
    assert set(pwa.__all__) == EXPECTED
    for name in pwa.__all__:
        assert getattr(pwa, name) is not None


def test_every_error_is_a_powerwall_error() -> None:
    for name in pwa.__all__:
        value = getattr(pwa, name)
        if isinstance(value, type) and issubclass(value, Exception):
            assert issubclass(value, pwa.PowerwallError), name


def test_package_is_marked_typed() -> None:
    assert files("powerwall_async").joinpath("py.typed").is_file()


def _which_loaded(imports: str, modules: tuple[str, ...]) -> str:
    """Which of ``modules`` a fresh interpreter holds after ``import {imports}``."""
    code = f"import sys, {imports}; print(sorted(m for m in {modules!r} if m in sys.modules))"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_importing_stays_light() -> None:
    """betterproto2, cattrs and httpx load on first use; the simulator's server only on demand."""
    heavy = ("betterproto2", "cattrs", "httpx", "hypercorn", "cryptography")
    assert _which_loaded("powerwall_async, powerwall_async.testing", heavy) == "[]"


def test_importing_leaves_tls_and_mail_parsing_for_later() -> None:
    """ssl loads with a transport, hashlib with a key or fingerprint, email.utils with a dated
    Retry-After: none of them with the package (a quarter of its import time)."""
    later = ("ssl", "hashlib", "email.utils", "pathlib")
    assert _which_loaded("powerwall_async", later) == "[]"


def _loaded_by(setup: str, step: str) -> str:
    """The library's modules that ``step`` imports, in a fresh interpreter after ``setup``."""
    code = (
        f"import sys; {setup}; before = set(sys.modules); {step};"
        "print(sorted(m for m in set(sys.modules) - before if m.startswith('powerwall_async')))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout


def test_a_group_loads_only_its_own_declarations_and_models() -> None:
    setup = "import powerwall_async as pwa; pw = pwa.Powerwall.connect('fixture:///nowhere')"
    loaded = _loaded_by(setup, "pw.meters")
    assert "powerwall_async.api.meters" in loaded
    assert "powerwall_async.models.meters" in loaded
    for other in ("api.networks", "models.vitals", "models.networks", "api.system"):
        assert f"powerwall_async.{other}" not in loaded


def test_looking_up_one_endpoint_loads_only_its_group() -> None:
    loaded = _loaded_by(
        "from powerwall_async import endpoints", "endpoints.named('system_status.grid_status')"
    )
    assert "powerwall_async.api.system_status" in loaded
    assert "powerwall_async.api.meters" not in loaded


def test_every_model_name_resolves() -> None:
    from powerwall_async import models

    for name in models.__all__:
        assert getattr(models, name) is not None, name
