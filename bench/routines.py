"""Routines the bench writes for itself (into its temporary folder)."""

from __future__ import annotations

from pathlib import Path

LONG_STEP = """\
[routine]
name = "Bench: one long step"
description = "One 10-minute timed move, for measuring a countdown at rest"

[defaults]
get_ready = 0

[[warmup]]
name = "Long warm-up move"
duration = "10m"
"""


def long_step(directory: Path) -> Path:
    """One 10-minute warm-up move, no lead-in."""
    path = directory / "bench-long-step.toml"
    path.write_text(LONG_STEP, "utf-8")
    return path


def short_steps(directory: Path, seconds: int) -> Path:
    """About ``seconds`` of 5 s moves and 5 s rests: a warm-up move, then timed sets."""
    sets = max(1, seconds // 10)  # 5 s move, then sets of 5 s with 5 s rests between
    path = directory / f"bench-short-steps-{seconds}.toml"
    path.write_text(
        f"""\
[routine]
name = "Bench: short steps"

[defaults]
get_ready = 0
rest = 5

[[warmup]]
name = "Arm circles"
duration = 5

[[exercise]]
name = "Plank row"
sets = {sets}
duration = 5
""",
        "utf-8",
    )
    return path


def many_steps(directory: Path, steps: int = 1000) -> Path:
    """A routine that expands to about ``steps`` steps (exercises of 5 sets and rests).

    Five sets an exercise keep 1,000 steps within the format's limits (at most 100
    entries of a kind, 1,000 sets in all).
    """
    exercises = max(1, round((steps + 1) / 10))  # 5 sets + 5 rests each, no rest at the end
    parts = [
        '[routine]\nname = "Bench: a thousand steps"\n',
        '[defaults]\nrest = 60\nget_ready = 0\nunit = "kg"\n',
    ]
    for i in range(exercises):
        parts.append(
            f'[[exercise]]\nname = "Exercise {i + 1}"\nsets = 5\nreps = 10\n'
            f"weight = {20 + i % 40}\n"
            f'cues = ["Brace the trunk", "Slow on the way down"]\n'
        )
    path = directory / "bench-many-steps.toml"
    path.write_text("\n".join(parts), "utf-8")
    return path
