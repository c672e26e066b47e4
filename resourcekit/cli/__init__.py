"""The ``resourcekit`` command (needs the ``cli`` extra)."""
