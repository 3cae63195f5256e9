"""``fetch-cert`` (the certificate to pin) and ``logout`` (end the saved session)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated

import anyio
import attrs
import typer

from .. import Certificate, Powerwall, fetch_certificate
from ._command import gateway_command
from ._connect import run_on_gateway
from ._exit import CliError, ExitCode
from ._options import Settings
from ._output import JsonOption, print_json
from ._token_cache import TokenCache

__all__ = ["fetch_cert", "logout"]


@gateway_command
def fetch_cert(
    settings: Settings,
    *,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Save the certificate (PEM) here, for --cafile."),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Show the gateway's certificate fingerprint (for --pin) and save the PEM (for --cafile).

    Only a TLS handshake happens, with the --sni name: nothing is sent, no login.
    """
    if not settings.is_https:
        raise CliError("fetch-cert needs a gateway address (--host)", ExitCode.USAGE)
    fetch = functools.partial(
        fetch_certificate,
        settings.host,
        settings.port,
        sni_hostname=settings.sni,
        timeout=settings.timeout,
    )
    certificate: Certificate = anyio.run(fetch, backend="asyncio")
    if out is not None:
        try:
            out.expanduser().write_text(certificate.pem, encoding="ascii")
        except OSError as exc:
            raise CliError(f"cannot write {out}: {exc.strerror or exc}", ExitCode.USAGE) from None
    if json_output:
        print_json(
            {
                "host": settings.cache_key,
                "sha256": certificate.sha256,
                "saved_to": None if out is None else str(out),
                "pem": certificate.pem,
            }
        )
        return
    typer.echo(f"SHA-256 fingerprint of {settings.cache_key}:\n{certificate.sha256}")
    if out is None:
        typer.echo(certificate.pem.rstrip("\n"))
    else:
        typer.echo(f"Saved the certificate to {out}")
    typer.echo(
        "Check that it is your gateway's (the fingerprint must not change unless the gateway "
        f"was reset), then pass --pin {certificate.sha256}"
        + ("" if out is None else f" or --cafile {out}")
        + " to the other commands.",
        err=True,
    )


@gateway_command
def logout(settings: Settings, *, json_output: JsonOption = False) -> None:
    """End the saved session on the gateway and delete it from this machine."""
    cache = TokenCache()
    key = settings.cache_key
    had_session = cache.load(key).token is not None
    ended = False
    if had_session:

        async def end(pw: Powerwall) -> bool:
            return await pw.logout()

        try:  # without the password: never log in just to log out
            ended = run_on_gateway(attrs.evolve(settings, password=None), end, may_prompt=False)
        finally:
            cache.remove(key)
    if json_output:
        print_json({"host": key, "had_session": had_session, "logged_out": ended})
    elif not had_session:
        typer.echo(f"No saved session for {key}.")
    elif ended:
        typer.echo(f"Logged out of {key}; the saved session is deleted.")
    else:
        typer.echo(f"The session for {key} had already ended; deleted it.")
