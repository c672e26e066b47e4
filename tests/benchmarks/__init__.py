"""Benchmarks: resourcekit against raw httpx and the official clients, side by side in one run.

Run ``python -m tests.benchmarks`` (``--quick`` for a smoke run, ``--only N`` for one scenario);
see docs/performance.md. They are not part of the test run, apart from a smoke test of ``--quick``.
"""
