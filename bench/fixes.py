"""Rows for the speed fixes: each fix that met issue 3's targets, checked still in place.

The figures of the start-up and CPU rows move from run to run; these checks do not: each
says whether one of the fixes listed in ``bench/README.md`` is still there (a MISS names
the one undone before the figures drift). They run in a fresh process,
:mod:`bench.fixes_probe`, a few seconds in all, in ``--quick`` runs too.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench import REPO
from bench.table import Row

#: At least this many objects frozen after the first paint (about 50,000 on Python 3.11).
MIN_FROZEN = 10_000
#: The lines around the clock: none is rendered again when only the clock changes.
LINES = {"banner", "name", "target", "hint", "cues", "next", "times", "progress"}


def run_probe(tmp: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.fixes_probe", str(tmp)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.fixes_probe exited {done.returncode}: {done.stderr[-400:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def rows(found: dict[str, Any]) -> list[Row]:
    off = found["collector_off"]
    frozen = found["frozen"]
    frame = found["first_frame"]
    composed = found["composed"]
    rendered = found["rendered"]
    redraws = found["full_redraws"]
    region = found["clock_region"]
    writes = found["journal_writes"]
    parses = found["history_parses"]
    lines_rendered = sorted(LINES & set(rendered["rendered"]))
    return [
        Row(
            "Fix: `backtimer run` starts the App with the garbage collector off",
            "off" if not off["enabled"] else "on",
            "—",
            None,
            "off",
            not off["enabled"],
        ),
        Row(
            "Fix: objects frozen (`gc.freeze`) after the first paint",
            f"{frozen['during']:,}",
            f"before the App: {frozen['before']}, after it: {frozen['after']}",
            None,
            f"> {MIN_FROZEN:,}; 0 before and after",
            frozen["during"] > MIN_FROZEN and frozen["before"] == frozen["after"] == 0,
        ),
        Row(
            "Fix: the session screen's first frame is shown (not dropped in a batch)",
            f"{frame['kind']}, batch depth {frame['batch']}",
            f"frames dropped before the first shown: {frame['dropped']}",
            None,
            "a whole frame (LayoutUpdate) at depth 0",
            frame["kind"] == "LayoutUpdate" and frame["batch"] == 0,
        ),
        Row(
            "Fix: the layout is composed in the first step's phase (no restyle)",
            " ".join(composed["composed"]) or "(no phase class)",
            "the first step's: " + (" ".join(composed["wanted"]) or "(none)"),
            None,
            "the same",
            composed["id"] == "layout" and composed["composed"] == composed["wanted"],
        ),
        Row(
            "Fix: widgets rendered in a plain second of countdown (80×24)",
            f"{len(rendered['rendered'])}: {', '.join(rendered['rendered'])}",
            f"widgets on the screen: {rendered['widgets']}",
            len(rendered["rendered"]) / rendered["widgets"] if rendered["widgets"] else None,
            "the clock; none of the lines",
            "clock" in rendered["rendered"] and not lines_rendered,
        ),
        Row(
            "Fix: every line redrawn (`refresh_view`) in two plain seconds",
            str(redraws["plain"]),
            f"first draw {redraws['first']}, step change {redraws['step_change']}, "
            f"pause {redraws['pause']}",
            None,
            "0 (1 for each of the others)",
            redraws["plain"] == 0
            and redraws["first"] == redraws["step_change"] == redraws["pause"] == 1,
        ),
        Row(
            "Fix: BigClock cells repainted, 1:30 → 1:29",
            f"{region['width']}×{region['height']} at x={region['x']} ({region['area']} cells)",
            f"the whole clock: {region['clock_width']}×{region['clock_height']} "
            f"({region['whole']})",
            region["area"] / region["whole"],
            "the last two digits only; nothing when unchanged",
            region["x"] >= 30
            and region["width"] <= 44
            and region["height"] < region["clock_height"]
            and region["unchanged"] == 0,
        ),
        Row(
            "Fix: log writes (with fsync) for step changes",
            str(writes["writes"]),
            f"step changes: {writes['changes']}",
            writes["writes"] / writes["changes"],
            "one each",
            writes["writes"] == writes["changes"],
        ),
        Row(
            f"Fix: logs parsed by `history`, warm index ({parses['logs']} logs)",
            str(parses["warm"]),
            f"no index: {parses['cold']}; one log changed: {parses['changed']}",
            None,
            "0 (1 after one changed)",
            parses["warm"] == 0 and parses["changed"] == 1 and parses["cold"] == parses["logs"],
        ),
    ]


def measure(tmp: Path) -> list[Row]:
    return rows(run_probe(tmp))
