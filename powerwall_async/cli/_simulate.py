"""``powerwall-async simulate``: serve the simulated gateway until interrupted.

Point any client at it: it prints the URL, the customer password and the certificate's
SHA-256 fingerprint to pin, and the ``export POWERWALL_...`` lines that point the command line
at it. ``--cert-dir`` keeps the certificate across restarts.
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
import re
import shlex
import signal
import sys
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Annotated

import anyio
import typer

from ..testing import Faults, LoginLimits, Simulator
from ..testing import simulate as run_simulator
from ._command import cli_errors
from ._exit import CliError, ExitCode
from ._options import ENV

__all__ = ["simulate"]


def _exports(sim: Simulator) -> str:
    """Shell lines that point the command line (``--host``, ``--pin``, ``--password``) at it."""
    values = {"host": sim.url, "pin": sim.cert_sha256, "password": sim.password}
    return "\n".join(f"export {ENV[name]}={shlex.quote(value)}" for name, value in values.items())


def _announce(sim: Simulator, *, json_output: bool, cert_dir: Path | None) -> None:
    if json_output:
        info = {
            "url": sim.url,
            "port": sim.port,
            "password": sim.password,
            "sha256": sim.cert_sha256,
            "profile": sim.profile.name,
        }
        typer.echo(json.dumps(info))
    else:
        kept = (
            f"Kept in:  {cert_dir} (the same certificate next time)\n"
            if cert_dir is not None
            else ""
        )
        typer.echo(
            f"Simulated Tesla Energy Gateway, profile {sim.profile.name} (Ctrl+C to stop)\n"
            f"URL:      {sim.url}\n"
            f"Password: {sim.password}\n"
            f"SHA-256:  {sim.cert_sha256}\n"
            f"{kept}"
            f"\nFor the command line, paste into your shell:\n"
            f"{_exports(sim)}\n"
            f"\nFrom Python:\n"
            f"Powerwall.connect({sim.url!r}, password={sim.password!r}, "
            f"pin_sha256={sim.cert_sha256!r})"
        )
    sys.stdout.flush()


async def _serve_until_interrupted(
    start: Callable[[], AbstractAsyncContextManager[Simulator]],
    *,
    json_output: bool,
    cert_dir: Path | None,
) -> None:
    async with start() as sim:
        _announce(sim, json_output=json_output, cert_dir=cert_dir)
        try:
            with anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
                async for _ in signals:
                    break
        except NotImplementedError:  # Windows: Ctrl+C arrives as KeyboardInterrupt
            await anyio.sleep_forever()


def simulate(
    *,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (0: any free port).")] = 0,
    password: Annotated[
        str | None, typer.Option(help="Customer password (default: a random one).")
    ] = None,
    profile: Annotated[
        str, typer.Option(help="Firmware: 21.44, 23.44, restricted, or a recordings directory.")
    ] = "21.44",
    seed: Annotated[int, typer.Option(help="Seed of live values and random faults.")] = 0,
    latency: Annotated[float, typer.Option(help="Seconds added to every answer.")] = 0.0,
    error_502_rate: Annotated[float, typer.Option(help="Probability of a 502 answer.")] = 0.0,
    error_503_rate: Annotated[float, typer.Option(help="Probability of a 503 answer.")] = 0.0,
    reset_rate: Annotated[
        float, typer.Option(help="Probability of dropping the connection mid-body.")
    ] = 0.0,
    truncate_rate: Annotated[
        float, typer.Option(help="Probability of a JSON body cut in half.")
    ] = 0.0,
    hang_login: Annotated[bool, typer.Option(help="Never answer logins.")] = False,
    max_failed_logins: Annotated[
        int, typer.Option(help="Failed logins within the window before a 429 lockout.")
    ] = 5,
    lockout_window: Annotated[
        float, typer.Option(help="Seconds in which failed logins are counted.")
    ] = 300.0,
    lockout: Annotated[float, typer.Option(help="Seconds a lockout lasts.")] = 600.0,
    session_lifetime: Annotated[
        float | None, typer.Option(help="Seconds a session lasts (default: no expiry).")
    ] = None,
    http2: Annotated[bool, typer.Option(help="Offer HTTP/2 besides HTTP/1.1.")] = True,
    cert_dir: Annotated[
        Path | None,
        typer.Option(
            help="Keep the certificate in this directory (made on first use), so that a "
            "saved pin keeps working across restarts.",
            file_okay=False,
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option(help="Log every request to stderr.")] = False,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the connection details as one JSON line.")
    ] = False,
) -> None:
    """Serve the gateway simulator over HTTPS until interrupted."""
    if verbose:
        logging.basicConfig(format="%(asctime)s %(message)s")
        logging.getLogger("powerwall_async.testing").setLevel(logging.DEBUG)
    try:
        start = functools.partial(
            run_simulator,
            host=host,
            port=port,
            password=password,
            profile=profile,
            seed=seed,
            http2=http2,
            cert_dir=cert_dir,
            session_lifetime=session_lifetime,
            faults=Faults(
                latency=latency,
                error_502_rate=error_502_rate,
                error_503_rate=error_503_rate,
                reset_rate=reset_rate,
                truncate_rate=truncate_rate,
                hang_login=hang_login,
                seed=seed,
            ),
            login_limits=LoginLimits(
                max_failures=max_failed_logins, window=lockout_window, lockout=lockout
            ),
        )
        anyio.run(
            functools.partial(
                _serve_until_interrupted, start, json_output=json_output, cert_dir=cert_dir
            )
        )
    except KeyboardInterrupt:
        pass
    except ValueError as exc:  # a bad setting
        _usage_error(_option_names(str(exc)))
    except OSError as exc:  # the port is taken, the address is not this machine's
        _usage_error(f"cannot listen on {host}:{port}: {exc.strerror or exc}")


def _usage_error(message: str) -> None:
    with cli_errors():
        raise CliError(message, ExitCode.USAGE)


def _option_names(text: str) -> str:
    """``text`` with this command's parameters named as its options (``--error-502-rate``)."""
    for name in inspect.signature(simulate).parameters:
        if "_" in name:
            text = re.sub(rf"\b{name}\b", "--" + name.replace("_", "-"), text)
    return text
