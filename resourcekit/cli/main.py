"""The ``resourcekit`` command: the demo, the sandbox, and one command group per provider."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Annotated

import typer
from rich.console import Console
from rich.rule import Rule

from resourcekit._version import __version__
from resourcekit.cli.sandbox import sandbox_app

# Each name is a module resourcekit.cli.<name> exporting a typer `app` and a demo `tour`.
PROVIDER_COMMANDS: tuple[str, ...] = ("hexonet", "ovh", "exosite", "hookio", "siminars")

app = typer.Typer(
    name="resourcekit",
    help="Typed clients for HEXONET, OVH, Exosite, hook.io and Siminars, with local sandboxes.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(sandbox_app, name="sandbox")


def provider_module(name: str) -> ModuleType:
    return importlib.import_module(f"resourcekit.cli.{name}")


for _name in PROVIDER_COMMANDS:
    app.add_typer(provider_module(_name).app, name=_name)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


@app.command()
def demo(
    provider: Annotated[
        list[str] | None, typer.Option("--provider", "-p", help="Only these providers (repeatable).")
    ] = None,
) -> None:
    """Start the embedded sandbox and tour each provider's objects as a user would."""
    from resourcekit.sandbox.server import run_sandbox

    chosen = list(provider or PROVIDER_COMMANDS)
    unknown = sorted(set(chosen) - set(PROVIDER_COMMANDS))
    if unknown:
        raise typer.BadParameter(f"unknown provider(s): {', '.join(unknown)}; known: {', '.join(PROVIDER_COMMANDS)}")
    console = Console(soft_wrap=True)
    console.print(
        f"[bold]resourcekit {__version__}[/bold]: a tour of {len(chosen)} provider(s) against the local sandbox"
    )
    for name in chosen:
        console.print(Rule(f"[bold]{name}[/bold]"))
        with run_sandbox(name) as sandbox:
            console.print(f"sandbox serving {name} at {sandbox.url}", style="dim")
            provider_module(name).tour(sandbox, console)
    console.print(Rule())
    console.print("[green]tour complete[/green]")


def run() -> None:
    """Entry point of the ``resourcekit`` script."""
    app()
