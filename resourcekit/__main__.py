"""``python -m resourcekit`` runs the command line."""

from resourcekit.cli.main import run

run()
