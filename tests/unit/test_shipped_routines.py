"""Every shipped routine loads, validates, and carries the article's advice."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtimer.engine import StepKind, expand
from backtimer.paths import shipped_routines_dir
from backtimer.routine import MIN_STRETCH_HOLD, load_routine
from tests.conftest import SHIPPED

ROUTINES = sorted(SHIPPED.glob("*.toml"))


def test_the_four_routines_are_shipped() -> None:
    names = {p.stem for p in ROUTINES}
    assert {"beginner", "strength", "desk-posture", "demo"} <= names


def test_the_package_finds_the_shipped_routines() -> None:
    assert shipped_routines_dir().resolve() == SHIPPED.resolve()


@pytest.mark.parametrize("path", ROUTINES, ids=lambda p: p.stem)
def test_routine_validates_and_follows_the_article(path: Path) -> None:
    routine = load_routine(path)
    assert routine.description, "say who the routine is for"
    assert routine.warmup, "open with a dynamic warm-up"
    assert routine.stretches, "end with static stretches"
    assert all(s.hold.seconds >= MIN_STRETCH_HOLD for s in routine.stretches)
    for entry in (*routine.warmup, *routine.exercises, *routine.stretches):
        assert entry.cues, f"{entry.name} has no form cues"
        assert all(len(cue) <= 45 for cue in entry.cues), f"{entry.name}: cue too long to read"
    plan = expand(routine)
    kinds = [s.kind for s in plan.steps if s.kind is not StepKind.GET_READY]
    assert kinds[0] is StepKind.WARMUP
    assert kinds[-1] is StepKind.STRETCH


def _cues_of(keyword: str) -> str:
    text = []
    for path in ROUTINES:
        for exercise in load_routine(path).exercises:
            if keyword in exercise.name.lower():
                text += exercise.cues
    return " ".join(text).lower()


def test_form_cues_from_the_article() -> None:
    pull_ups = _cues_of("pull-up")
    assert "elbows close" in pull_ups and "through the elbows" in pull_ups
    deadlifts = _cues_of("deadlift")
    for cue in ("mid-foot", "neutral head", "hips", "control"):
        assert cue in deadlifts
    rows = _cues_of("row")
    assert "spine straight" in rows or "straight spine" in rows
    assert "hinge at the hips" in rows
    assert "exhale" in pull_ups + deadlifts + rows


def test_strength_routine_starts_deadlifts_light() -> None:
    routine = load_routine(SHIPPED / "strength.toml")
    deadlift = next(e for e in routine.exercises if "deadlift" in e.name.lower())
    assert deadlift.warmup_sets
    work = deadlift.weight or 0
    assert work > 0
    light = [
        w.weight or 0 if w.percent is None else w.percent / 100 * work for w in deadlift.warmup_sets
    ]
    assert all(weight < work for weight in light)


def test_demo_is_under_three_minutes() -> None:
    plan = expand(load_routine(SHIPPED / "demo.toml"))
    assert plan.estimated_seconds < 180
