"""``python -m tests.benchmarks [--quick] [--only N] [--chart FILE]``: see `tests.benchmarks.runner`."""

import sys

from tests.benchmarks.runner import main

sys.exit(main())
