"""Async source of the core's I/O parts; `resourcekit.core._sync` is generated from it."""
