"""The speed fixes of issue 3, checked in a fresh process: is each still in place?

``python -m bench.fixes_probe TMP`` runs the real :class:`~backtimer.tui.app.BacktimerApp`
headless (Pilot, 80×24, a fake clock) on routines the bench writes into ``TMP`` and prints
JSON, one entry per fix (see ``bench/fixes.py`` for the rows made of it). These checks
used to be tests (``tests/tui/test_speed.py``); they pin how backtimer is fast, not what
it does, so they live here, beside the figures they explain. Some look at Textual's
internals (``App._display``, ``App._batch_count``): if Textual changes them, the row
reports the error instead of passing.

A fresh process: the garbage collector's state (frozen objects, on or off) is this
process's alone, and the patched methods never leak into the rest of the bench.
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
from pathlib import Path
from typing import Any


def _session(routine: Path, clock: Any) -> Any:
    from backtimer.engine import Session, expand
    from backtimer.routine import load_routine

    return Session(expand(load_routine(routine)), clock, max_gap=None)


def _app(routine: Path, tmp: Path) -> tuple[Any, Any, Any]:
    from backtimer.engine import FakeClock
    from backtimer.tui.app import BacktimerApp

    clock = FakeClock()
    session = _session(routine, clock)
    app = BacktimerApp(session, clock=clock, log_dir=tmp / "fixes-logs", quiet=True)
    return app, session, clock


async def _advance(pilot: Any, clock: Any, seconds: float) -> None:
    clock.advance(seconds)
    pilot.app.sync()
    await pilot.pause()


async def first_frame(routine: Path, tmp: Path) -> dict[str, Any]:
    """The session screen's first frame is drawn outside Textual's start-up batch.

    Textual drops every frame drawn while a batch is open (``App._display`` returns
    early); pushed from ``App.on_mount`` the screen's first, whole frame was dropped
    and drawn again a refresh period later.
    """
    from backtimer.tui.screens.session import SessionScreen

    app, _, _ = _app(routine, tmp)
    frames: list[tuple[str, int]] = []
    display = app._display

    def spy(screen: Any, renderable: Any) -> None:
        if isinstance(screen, SessionScreen) and renderable is not None:
            frames.append((type(renderable).__name__, app._batch_count))
        display(screen, renderable)

    app._display = spy
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    if not frames:
        raise RuntimeError("the session screen was never drawn")
    shown = next((i for i, (_, batch) in enumerate(frames) if batch == 0), None)
    return {
        "kind": frames[0][0],
        "batch": frames[0][1],
        "dropped": len(frames) if shown is None else shown,
    }


async def composed_classes(routine: Path, tmp: Path) -> dict[str, Any]:
    """The layout is composed with the first step's phase classes: no restyle before paint."""
    from textual.compose import compose

    from backtimer.engine import FakeClock
    from backtimer.tui.screens.session import SessionScreen, phase_classes

    app, _, _ = _app(routine, tmp)
    async with app.run_test(size=(80, 24)):
        session = _session(routine, FakeClock())
        layout = compose(SessionScreen(session))[0]
        wanted = phase_classes(session.step.phase, session.paused)
        return {
            "id": layout.id,
            "composed": sorted(c for c in layout.classes if c in wanted),
            "wanted": sorted(c for c, on in wanted.items() if on),
        }


async def rendered_in_a_second(routine: Path, tmp: Path) -> dict[str, Any]:
    """The widgets Textual renders when a plain second of countdown repaints the clock.

    Textual renders every widget whose container overlaps a repaint; the lines above
    and below the clock are grouped (``#now``, ``#then``) so none of them is.
    """
    from textual.widget import Widget

    app, _, clock = _app(routine, tmp)
    rendered: list[str] = []
    render_lines = Widget.render_lines

    def spy(widget: Widget, crop: Any) -> Any:
        rendered.append(widget.id or type(widget).__name__)
        return render_lines(widget, crop)

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # Past the first minute: in it the times line counts seconds ("42s done"), so
        # each of its seconds changes that line too; after it the line moves by minutes.
        await _advance(pilot, clock, 90.5)
        widgets = len(list(app.screen.query("*")))
        Widget.render_lines = spy  # type: ignore[assignment,method-assign]
        try:
            await _advance(pilot, clock, 1)
            await pilot.pause(0.05)  # the screen's next refresh
        finally:
            Widget.render_lines = render_lines  # type: ignore[method-assign]
    return {"rendered": sorted(set(rendered)), "widgets": widgets}


async def full_redraws(routine: Path, tmp: Path) -> dict[str, Any]:
    """``SessionScreen.refresh_view`` (every line) runs after an event, not each second."""
    from backtimer.tui.screens.session import SessionScreen

    app, session, clock = _app(routine, tmp)
    full: list[int] = []
    refresh_view = SessionScreen.refresh_view

    def spy(screen: SessionScreen) -> None:
        full.append(screen.session.step.index)
        refresh_view(screen)

    SessionScreen.refresh_view = spy  # type: ignore[assignment,method-assign]
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            first = len(full)
            await _advance(pilot, clock, 1)
            await _advance(pilot, clock, 1)
            plain = len(full) - first
            before = len(full)
            await _advance(pilot, clock, session.remaining() or 0)  # the step changes
            step_change = len(full) - before
            before = len(full)
            await pilot.press("space")
            pause = len(full) - before
    finally:
        SessionScreen.refresh_view = refresh_view  # type: ignore[method-assign]
    return {"first": first, "plain": plain, "step_change": step_change, "pause": pause}


def run_starts_collector_off(routine: Path, tmp: Path) -> dict[str, Any]:
    """``backtimer run`` switches the collector off before the App starts (start-up speed)."""
    import backtimer.commands.run as run_command
    from backtimer.cli import main
    from backtimer.tui.app import BacktimerApp

    class Started(Exception):
        pass

    seen: list[bool] = []

    def fake_run(app: BacktimerApp) -> None:
        seen.append(gc.isenabled())
        raise Started

    require_terminal, run = run_command.require_terminal, BacktimerApp.run
    run_command.require_terminal = lambda: None
    BacktimerApp.run = fake_run  # type: ignore[assignment,method-assign]
    try:
        main(["run", str(routine), "--log-dir", str(tmp / "fixes-run-logs"), "--quiet"])
    except Started:
        pass
    finally:
        run_command.require_terminal = require_terminal
        BacktimerApp.run = run  # type: ignore[method-assign]
        gc.enable()
    if not seen:
        raise RuntimeError("backtimer run did not start the App")
    return {"enabled": seen[0]}


async def frozen(routine: Path, tmp: Path) -> dict[str, Any]:
    """Once the first screen is drawn, what start-up made is frozen; unfrozen at exit."""
    app, _, _ = _app(routine, tmp)
    before = gc.get_freeze_count()
    gc.disable()  # as `backtimer run` starts the App
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.pause()
            during = gc.get_freeze_count()
            enabled = gc.isenabled()
    finally:
        gc.enable()
    return {"before": before, "during": during, "after": gc.get_freeze_count(), "on": enabled}


def clock_region() -> dict[str, Any]:
    """The cells BigClock repaints when 1:30 becomes 1:29 (and when nothing changed)."""
    from backtimer.tui.widgets.bigclock import changed_region, render_big

    width, height = 78, 13
    old, new = render_big("1:30", width, height), render_big("1:29", width, height)
    region = changed_region(old, new)
    unchanged = changed_region(new, new)
    if region is None or unchanged is None:
        raise RuntimeError("changed_region redraws everything at the same size")
    return {
        "x": region.x,
        "width": region.width,
        "height": region.height,
        "area": region.area,
        "whole": width * height,
        "clock_width": width,
        "clock_height": height,
        "unchanged": unchanged.area,
    }


def journal_writes(tmp: Path) -> dict[str, Any]:
    """The log is written once a step change: a step's end and the next one's start together.

    (Twice, the second fsync made each step change a few ms later; the timing row.)
    """
    from backtimer.engine import FakeClock, Session, expand
    from backtimer.logs import Journal, open_journal
    from tests.logfactory import tiny_routine

    clock = FakeClock()
    session = Session(expand(tiny_routine()), clock, max_gap=None)
    session.start()
    open_journal(session, tmp / "fixes-journal")
    writes = 0
    write = Journal.write

    def counting(self: Journal) -> bool:
        nonlocal writes
        writes += 1
        return write(self)

    Journal.write = counting  # type: ignore[method-assign]
    try:
        clock.advance(2)
        session.tick()  # the warm-up move ends on its own, set 1 starts
        session.done()  # set 1 done by hand, the rest starts
        session.quit()  # the rest stopped and the session ended
    finally:
        Journal.write = write  # type: ignore[method-assign]
    return {"writes": writes, "changes": 3}


def history_parses(tmp: Path) -> dict[str, Any]:
    """The history index: a warm load parses no log; one changed log, that one alone."""
    import os

    import backtimer.logs.history as history_mod
    from backtimer.logs import load_history
    from tests.logfactory import make_fake_logs

    directory = tmp / "fixes-history"
    paths = make_fake_logs(directory, 30, seed=11)
    parsed: list[Path] = []
    read_log = history_mod.read_log  # type: ignore[attr-defined]

    def counting(path: Path) -> Any:
        parsed.append(path)
        return read_log(path)

    history_mod.read_log = counting  # type: ignore[attr-defined]
    try:
        load_history(directory)
        cold = len(parsed)
        parsed.clear()
        load_history(directory)
        warm = len(parsed)
        parsed.clear()
        stat = paths[0].stat()
        os.utime(paths[0], ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
        load_history(directory)
        changed = len(parsed)
    finally:
        history_mod.read_log = read_log  # type: ignore[attr-defined]
    return {"logs": len(paths), "cold": cold, "warm": warm, "changed": changed}


async def probe(tmp: Path) -> dict[str, Any]:
    from bench.routines import long_step, short_steps

    steps, long = short_steps(tmp, 20), long_step(tmp)
    return {
        "collector_off": run_starts_collector_off(steps, tmp),
        "frozen": await frozen(steps, tmp),
        "first_frame": await first_frame(steps, tmp),
        "composed": await composed_classes(steps, tmp),
        "rendered": await rendered_in_a_second(long, tmp),
        "full_redraws": await full_redraws(steps, tmp),
        "clock_region": clock_region(),
        "journal_writes": journal_writes(tmp),
        "history_parses": history_parses(tmp),
    }


def main() -> None:
    print(json.dumps(asyncio.run(probe(Path(sys.argv[1])))))


if __name__ == "__main__":
    main()
