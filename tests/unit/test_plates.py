"""Issue 14, what to load: the exact plate solver, its kits, and what it says."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backtimer.engine import (
    Kit,
    Loading,
    Rounding,
    cannot_load_text,
    default_kits,
    kits_for,
    nearest,
    round_weight,
    solve,
)
from backtimer.engine.plates import kit_from_table
from backtimer.routine import Unit

KG = default_kits(Unit.KG)
LB = default_kits(Unit.LB)


def bar(pairs: tuple[float, ...], weight: float = 20, rounding: Rounding = Rounding.DOWN) -> Kit:
    return Kit("barbell", Unit.KG, bar=weight, pairs=pairs, round=rounding)


def loaded(target: float, kit: Kit, previous: Loading | None = None) -> Loading:
    loading = solve(target, kit, previous)
    assert loading is not None
    return loading


def test_exact_where_greedy_falls_short() -> None:
    """Taking the 25 first leaves 70; the exact loading is 15 + 15 a side."""
    loading = solve(80, bar((25, 15, 15)))
    assert loading is not None
    assert loading.per_side == (15, 15)
    assert loading.text == "80 kg = bar + 15 + 15 per side"


def test_the_texts() -> None:
    assert loaded(60, KG["barbell"]).text == "60 kg = bar + 20 per side"
    assert loaded(20, KG["barbell"]).text == "20 kg = the bar"
    loading = solve(102.5, KG["barbell"])
    assert loading is not None and loading.text == "102.5 kg = bar + 25 + 15 + 1.25 per side"
    assert loaded(22.5, KG["dumbbell"]).text == "22.5 kg dumbbell"


def test_fewest_plates_win() -> None:
    """30 a side: 25 + 5 (two plates), not 10 + 10 + 5 + 5 (four)."""
    loading = solve(80, bar((25, 10, 10, 5, 5)))
    assert loading is not None and loading.per_side == (25, 5)


def test_a_tie_goes_to_the_fewest_changes_from_the_previous_set() -> None:
    kit = bar((25, 20, 15, 15, 10, 5))
    alone = solve(80, kit)
    assert alone is not None and alone.per_side == (25, 5)  # heavier plates, no previous
    before = Loading(70, kit, (15, 10))
    after = solve(80, kit, previous=before)
    assert after is not None and after.per_side == (20, 10)  # swap the 15 for a 20
    before = Loading(50, kit, (15,))
    after = solve(80, kit, previous=before)
    assert after is not None and after.per_side == (15, 15)  # add a 15


def test_the_previous_never_costs_a_plate() -> None:
    """Fewer plates first: the previous set's plates only break a tie."""
    kit = bar((25, 10, 10, 5, 5))
    loading = solve(80, kit, previous=Loading(70, kit, (10, 10, 5)))
    assert loading is not None and loading.per_side == (25, 5)


def test_float_noise_is_no_difference() -> None:
    loading = solve(74.99999, KG["barbell"])
    assert loading is not None and loading.total == 75
    assert solve(0.1 + 0.2 + 20, bar((0.15,))) is not None  # 20.300000000000004
    assert solve(82.5 + 1e-9, KG["barbell"]) is not None


def test_unloadable_says_the_weights_either_side() -> None:
    kit = KG["barbell"]
    assert solve(61, kit) is None
    assert nearest(61, kit) == (60, 62.5)
    assert cannot_load_text(61, kit) == "61 kg can't be loaded — 60 or 62.5"
    assert cannot_load_text(103, kit) == "103 kg can't be loaded — 102.5 or 105"
    assert nearest(60, kit) == (60, 60)


def test_below_the_bar_and_above_everything() -> None:
    kit = bar((10,))
    assert solve(15, kit) is None
    assert nearest(15, kit) == (None, 20)
    assert cannot_load_text(15, kit) == "15 kg can't be loaded — the lightest is 20"
    assert nearest(50, kit) == (40, None)
    assert cannot_load_text(50, kit) == "50 kg can't be loaded — the heaviest is 40"
    assert solve(21, kit) is None  # an odd hundredth more than the bar: never even
    assert solve(float("nan"), kit) is None


def test_rounding_down_or_to_the_nearest() -> None:
    down = KG["barbell"]
    assert down.round is Rounding.DOWN
    assert round_weight(62, down) == 60
    assert round_weight(61.25, down) == 60
    near = bar(down.pairs, rounding=Rounding.NEAREST)
    assert round_weight(62, near) == 62.5
    assert round_weight(61.25, near) == 60  # halfway goes down
    assert round_weight(10, near) == 20  # below the bar: the bar
    assert round_weight(1000, near) == 435  # above: the heaviest


def test_fixed_kits_have_only_their_weights() -> None:
    dumbbell = KG["dumbbell"]
    assert solve(23, dumbbell) is None
    assert nearest(23, dumbbell) == (22.5, 25)
    assert cannot_load_text(23, dumbbell) == "no 23 kg dumbbell — 22.5 or 25"
    assert round_weight(23, dumbbell) == 22.5
    assert min(dumbbell.fixed) == 2 and max(dumbbell.fixed) == 50
    kettlebell = Kit("kettlebell", Unit.KG, fixed=(8, 12, 16, 24))
    assert loaded(16, kettlebell).text == "16 kg kettlebell"
    assert solve(16.000001, kettlebell) is not None


def test_lb_defaults() -> None:
    barbell = LB["barbell"]
    assert barbell.unit is Unit.LB and barbell.bar == 45
    assert loaded(135, barbell).text == "135 lb = bar + 45 per side"
    assert loaded(225, barbell).per_side == (45, 45)
    assert cannot_load_text(136, barbell) == "136 lb can't be loaded — 135 or 140"
    assert LB["dumbbell"].fixed == tuple(range(5, 125, 5))


def test_a_kit_is_a_bar_or_fixed_weights() -> None:
    with pytest.raises(ValueError):
        Kit("x", Unit.KG)
    with pytest.raises(ValueError):
        Kit("x", Unit.KG, bar=20, fixed=(10,))
    with pytest.raises(ValueError):
        Kit("x", Unit.KG, fixed=(10,), pairs=(5,))


def test_kits_for_a_unit_take_the_users_kits_in_that_unit() -> None:
    class Config:
        equipment = {
            "barbell": Kit("barbell", Unit.KG, bar=15, pairs=(10,)),
            "ez-bar": Kit("ez-bar", Unit.LB, bar=15, pairs=(10,)),
        }

    kg = kits_for(Config(), Unit.KG)
    assert kg["barbell"].bar == 15 and "dumbbell" in kg and "ez-bar" not in kg
    lb = kits_for(Config(), Unit.LB)
    assert lb["barbell"] == LB["barbell"] and lb["ez-bar"].bar == 15
    assert kits_for(None, Unit.KG) == KG


def test_a_kit_table() -> None:
    kit, problems = kit_from_table("ez", {"bar": 10, "pairs": [5, 10], "round": "nearest"})
    assert problems == []
    assert kit == Kit("ez", Unit.KG, bar=10, pairs=(10, 5), round=Rounding.NEAREST)
    kit, problems = kit_from_table("db", {"fixed": [10, 12.5], "unit": "lb"})
    assert kit == Kit("db", Unit.LB, fixed=(10, 12.5))


def test_a_hundred_odd_plates_still_load_exactly() -> None:
    """Past the search's budget (a kit no gym has) the loading is still exact; how quick
    it is, is make bench's business, not a test's."""
    rng = random.Random(1)
    pairs = [rng.randint(1, 100_000) for _ in range(100)]
    kit = bar(tuple(p / 100 for p in pairs))
    for target in (2000 + 2 * sum(pairs[:30]), 2000 + 2 * sum(pairs[::3])):
        loading = loaded(target / 100, kit)
        used = [round(p * 100) for p in loading.per_side]
        assert 2000 + 2 * sum(used) == target and not Counter(used) - Counter(pairs)


def subset_sums(pairs: list[int]) -> set[int]:
    return {sum(combo) for r in range(len(pairs) + 1) for combo in itertools.combinations(pairs, r)}


@settings(max_examples=300, deadline=None)
@given(
    pairs=st.lists(st.sampled_from([125, 250, 500, 1000, 1500, 2000, 2500, 45, 4500]), max_size=8),
    bar_weight=st.sampled_from([0, 1000, 2000, 4500]),
    target=st.integers(min_value=0, max_value=30000),
)
def test_solve_is_exact_or_nothing_loads_it(pairs: list[int], bar_weight: int, target: int) -> None:
    """In hundredths: a loading adds up and uses plates owned; None means no subset does."""
    kit = bar(tuple(p / 100 for p in pairs), bar_weight / 100)
    loading = solve(target / 100, kit)
    if loading is not None:
        used = [round(p * 100) for p in loading.per_side]
        assert bar_weight + 2 * sum(used) == target
        assert round(loading.total * 100) == target
        assert not Counter(used) - Counter(pairs)
        assert list(loading.per_side) == sorted(loading.per_side, reverse=True)
        # the fewest plates
        assert all(
            sum(combo) != sum(used)
            for r in range(len(used))
            for combo in itertools.combinations(pairs, r)
        )
    else:
        assert all(bar_weight + 2 * s != target for s in subset_sums(pairs))
    below, above = nearest(target / 100, kit)
    loadable = sorted(bar_weight + 2 * s for s in subset_sums(pairs))
    assert below == max((w / 100 for w in loadable if w <= target), default=None)
    assert above == min((w / 100 for w in loadable if w >= target), default=None)


@pytest.mark.parametrize("target", [float("nan"), float("inf"), -float("inf"), 1e300, -5, 1e15])
def test_no_weight_breaks_it(target: float) -> None:
    """Whatever a progression computes: an answer, never an exception or a billion-bit int."""
    for kit in KG.values():
        assert solve(target, kit) is None
        assert round_weight(target, kit) in (*kit.fixed, 20, 435)
        assert "kg" in cannot_load_text(target, kit)
