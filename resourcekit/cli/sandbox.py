"""``resourcekit sandbox serve``: one provider's emulator in the foreground."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from resourcekit.cli.errors import reports_errors
from resourcekit.cli.options import command_group

sandbox_app: typer.Typer = command_group("Run the local provider emulators.")


@sandbox_app.command("list")
def list_providers(as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False) -> None:
    """List the providers the sandbox can serve."""
    from resourcekit.sandbox.registry import provider_names

    if as_json:
        typer.echo(json.dumps(provider_names()))
        return
    for name in provider_names():
        typer.echo(name)


@sandbox_app.command()
@reports_errors
def serve(
    provider: Annotated[str, typer.Option("--provider", "-p", help="Provider to emulate.")],
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port (0 picks a free one).")] = 0,
    uds: Annotated[str | None, typer.Option(help="Serve on this Unix socket path instead of TCP.")] = None,
    latency_ms: Annotated[float, typer.Option("--latency-ms", help="Delay added to every request.")] = 0.0,
    fail_rate: Annotated[float, typer.Option("--fail-rate", help="Share of requests answered 503 (0..1).")] = 0.0,
    seed_size: Annotated[int, typer.Option("--seed-size", help="How many of each seeded object.")] = 5,
    tls_cert: Annotated[
        Path | None, typer.Option("--tls-cert", help="Serve HTTPS with this PEM certificate (chain).")
    ] = None,
    tls_key: Annotated[Path | None, typer.Option("--tls-key", help="The PEM private key of --tls-cert.")] = None,
    env: Annotated[
        bool, typer.Option("--env", help="Print `export NAME=value` lines for a shell instead of the JSON line.")
    ] = False,
    output_format: Annotated[
        str, typer.Option("--format", help="json (one line) or env (the same as --env).")
    ] = "json",
) -> None:
    """Serve one provider until interrupted; announce once when ready.

    The announcement is one JSON line: url, credentials, env (the variables with which the
    provider's client, built without arguments, talks to this sandbox) and control_token (what the
    /__sandbox__/ control channel wants in its X-Sandbox-Token header). With --env it is `export
    NAME=value` lines instead: `resourcekit sandbox serve -p ovh --env > sandbox.env &`, then
    `. ./sandbox.env` once the file is written.
    """
    from resourcekit.sandbox.base import SandboxSettings
    from resourcekit.sandbox.faults import FaultPlan
    from resourcekit.sandbox.registry import provider_names
    from resourcekit.sandbox.server import TLSFiles, exposure_warning
    from resourcekit.sandbox.server import serve as serve_forever

    if provider not in provider_names():
        raise typer.BadParameter(f"unknown provider {provider!r}; known: {', '.join(provider_names())}")
    if output_format not in ("json", "env"):
        raise typer.BadParameter("--format must be json or env")
    try:
        faults = FaultPlan(latency_ms=latency_ms, fail_rate=fail_rate)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    if seed_size < 0:
        raise typer.BadParameter("--seed-size must not be negative")
    if (tls_cert is None) != (tls_key is None):
        raise typer.BadParameter("--tls-cert and --tls-key go together")
    for path in (tls_cert, tls_key):
        if path is not None and not path.is_file():
            raise typer.BadParameter(f"no such file: {path}")
    warning = None if uds else exposure_warning(host)
    if warning:
        typer.echo(warning, err=True)
    serve_forever(
        provider,
        host=host,
        port=port,
        uds=uds,
        settings=SandboxSettings(seed_size=seed_size),
        faults=faults,
        tls=TLSFiles(str(tls_cert), str(tls_key)) if tls_cert and tls_key else None,
        output_format="env" if env or output_format == "env" else "json",
    )
