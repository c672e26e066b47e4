"""Bulk operations: one action over many ids or records, with every item's outcome kept.

```python
from resourcekit.core.bulk import run_bulk

report = run_bulk(client.hooks.destroy, ["marak/a", "marak/b"])  # the client's concurrency
print(report.summary())          # "2 item(s): 1 ok, 1 failed (NotFoundError: 1)"
report.raise_for_failures()
```

`run_bulk` and `async_run_bulk` take the same arguments; `BulkReport` and `Outcome` are shared.
"""

from __future__ import annotations

from resourcekit.core._async.bulk import async_run_bulk
from resourcekit.core._sync.bulk import run_bulk
from resourcekit.core.outcomes import (
    DEFAULT_CATCH,
    BulkError,
    BulkReport,
    Outcome,
    ProgressCallback,
    Status,
    combine_reports,
    configured_concurrency,
)

__all__ = [
    "DEFAULT_CATCH",
    "BulkError",
    "BulkReport",
    "Outcome",
    "ProgressCallback",
    "Status",
    "async_run_bulk",
    "combine_reports",
    "configured_concurrency",
    "run_bulk",
]
