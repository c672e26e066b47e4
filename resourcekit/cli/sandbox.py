"""``resourcekit sandbox serve``: one provider's emulator in the foreground."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

sandbox_app = typer.Typer(help="Run the local provider emulators.", no_args_is_help=True)


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
) -> None:
    """Serve one provider; print one JSON line with its URL and credentials when ready."""
    from resourcekit.sandbox.base import SandboxSettings
    from resourcekit.sandbox.faults import FaultPlan
    from resourcekit.sandbox.registry import provider_names
    from resourcekit.sandbox.server import TLSFiles
    from resourcekit.sandbox.server import serve as serve_forever

    if provider not in provider_names():
        raise typer.BadParameter(f"unknown provider {provider!r}; known: {', '.join(provider_names())}")
    if not 0 <= fail_rate <= 1:
        raise typer.BadParameter("--fail-rate must be between 0 and 1")
    if (tls_cert is None) != (tls_key is None):
        raise typer.BadParameter("--tls-cert and --tls-key go together")
    for path in (tls_cert, tls_key):
        if path is not None and not path.is_file():
            raise typer.BadParameter(f"no such file: {path}")
    serve_forever(
        provider,
        host=host,
        port=port,
        uds=uds,
        settings=SandboxSettings(seed_size=seed_size),
        faults=FaultPlan(latency_ms=latency_ms, fail_rate=fail_rate),
        tls=TLSFiles(str(tls_cert), str(tls_key)) if tls_cert and tls_key else None,
    )
