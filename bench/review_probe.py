"""The review screen's time to interactive, measured in a fresh process.

``python -m bench.review_probe LOG_DIR SPAWNED`` (``SPAWNED``: the parent's
``time.monotonic()`` just before it started this process) opens
:class:`~backtimer.tui.history_app.HistoryApp` headless at 120×40, waits until
the sessions table has rows, then presses ↓: the moment the table handles that
key (its cursor moves) the screen is interactive. It prints JSON: seconds from
constructing the App (which reads the history through its index) to
interactive, seconds from process start to interactive, the rows in the table
at that moment and in the end (the rest are added in chunks afterwards).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path


async def probe(directory: Path) -> dict[str, float]:
    from textual.widgets import DataTable

    from backtimer.tui.history_app import HistoryApp
    from backtimer.tui.screens.history import HistoryScreen

    handled: list[tuple[float, int]] = []
    original = DataTable.action_cursor_down

    def cursor_down(table: DataTable) -> None:
        original(table)
        if not handled:
            handled.append((time.monotonic(), table.row_count))

    DataTable.action_cursor_down = cursor_down  # type: ignore[method-assign]
    start = time.monotonic()
    app = HistoryApp(directory)
    async with app.run_test(size=(120, 40)) as pilot:
        deadline = time.monotonic() + 30
        while not isinstance(app.screen, HistoryScreen) or not app.screen.query(DataTable):
            await pilot.pause()
            if time.monotonic() > deadline:
                raise TimeoutError("the history screen did not open")
        table = app.screen.query_one(DataTable)
        while table.row_count == 0:
            await pilot.pause()
            if time.monotonic() > deadline:
                raise TimeoutError("the sessions table stayed empty")
        row = table.cursor_row
        await pilot.press("down")
        while table.cursor_row != row + 1:
            await pilot.pause()
            if time.monotonic() > deadline:
                raise TimeoutError("the table did not take the key")
        total_rows = table.row_count
    ready, rows = handled[0]
    return {"app": ready - start, "ready": ready, "rows": rows, "total_rows": total_rows}


def main() -> None:
    directory, spawned = Path(sys.argv[1]), float(sys.argv[2])
    result = asyncio.run(probe(directory))
    result["process"] = result.pop("ready") - spawned
    print(json.dumps(result))


if __name__ == "__main__":
    main()
