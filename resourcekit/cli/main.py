"""The ``resourcekit`` command: the demo, the sandbox, and one command group per provider.

A provider's commands (and the client they need) are imported only when that provider is named,
so ``resourcekit version`` and ``resourcekit --help`` start fast.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from resourcekit._version import __version__
from resourcekit.cli.sandbox import sandbox_app

# Each name is a module resourcekit.cli.<name> exporting a typer `app` and a demo `tour`; the text
# is its one-line help in `resourcekit --help` (tests/cli check it is the module's own).
PROVIDER_HELP: dict[str, str] = {
    "hexonet": "HEXONET (ISPAPI): domains, contacts, name servers, DNS zones, account, raw commands.",
    "ovh": "OVH: account, bills, dedicated servers, API credentials, DNS records, e-mail redirections, raw calls.",
    "exosite": "Exosite One Platform: resources, dataports and provisioning.",
    "hookio": "hook.io: hooks, datastore, logs, events, keys, files, env, metrics, domains.",
    "siminars": "Siminars: siminars, steps, bundles, coupons, assets, feedback, users and carts.",
}
PROVIDER_COMMANDS: tuple[str, ...] = tuple(PROVIDER_HELP)


def provider_module(name: str) -> ModuleType:
    """The module ``resourcekit.cli.<name>`` of a provider's commands (imports the provider)."""
    return importlib.import_module(f"resourcekit.cli.{name}")


def provider_command(name: str) -> Any:
    """The click group of a provider's commands (imports the provider)."""
    return typer.main.get_command(provider_module(name).app)


class LazyProviderGroup(TyperGroup):
    """The top-level group: its own commands, plus the providers, imported when first used."""

    listing: bool = False
    """Set while ``--help`` lists the commands: providers are then described, not imported."""

    def list_commands(self, ctx: Any) -> list[str]:
        """The group's own commands, then the providers'."""
        return [*super().list_commands(ctx), *PROVIDER_COMMANDS]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """A command by name; a provider's group is imported only now."""
        if cmd_name not in PROVIDER_HELP:
            return super().get_command(ctx, cmd_name)
        if self.listing:
            # Listing the commands needs their one-line help only: do not import every provider.
            return TyperGroup(name=cmd_name, help=PROVIDER_HELP[cmd_name])
        return provider_command(cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The commands section of ``--help``, without importing any provider."""
        self.listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self.listing = False


app: typer.Typer = typer.Typer(
    name="resourcekit",
    cls=LazyProviderGroup,
    help="Typed clients for HEXONET, OVH, Exosite, hook.io and Siminars, with local sandboxes.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
app.add_typer(sandbox_app, name="sandbox")


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
    from rich.rule import Rule
    from rich.text import Text

    from resourcekit.cli.output import console
    from resourcekit.sandbox.server import run_sandbox

    chosen = list(provider or PROVIDER_COMMANDS)
    unknown = sorted(set(chosen) - set(PROVIDER_COMMANDS))
    if unknown:
        raise typer.BadParameter(f"unknown provider(s): {', '.join(unknown)}; known: {', '.join(PROVIDER_COMMANDS)}")
    out: Any = console()
    out.soft_wrap = True
    out.print(Text(f"resourcekit {__version__}: a tour of {len(chosen)} provider(s) against the local sandbox"))
    for name in chosen:
        out.print(Rule(Text(name, style="bold")))
        with run_sandbox(name) as sandbox:
            out.print(Text(f"sandbox serving {name} at {sandbox.url}", style="dim"))
            provider_module(name).tour(sandbox, out)
    out.print(Rule())
    out.print(Text("tour complete", style="green"))


def run() -> None:
    """Entry point of the ``resourcekit`` script."""
    app()
