"""The session screen's words: what is drawn large, shortened with intent, never cut.

Pure functions of a step or a session, checked without an App; the Pilot tests in
test_session_screen.py check them on screen.
"""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from backtimer.engine import FakeClock, Status, StepKind, Summary
from backtimer.engine.summary import skipped_text
from backtimer.tui.screens.session import (
    banner_text,
    big_target,
    cue_pages,
    main_texts,
    next_text,
    times_text,
)
from backtimer.tui.screens.summary import summary_body
from backtimer.tui.widgets.bigtext import glyph_text, layout, render_text
from tests.tui.sessionkit import small_session


def test_the_target_drawn_large_is_reps_and_load(clock: FakeClock) -> None:
    steps = small_session(clock).plan.steps
    row = next(s for s in steps if s.kind is StepKind.SET and s.reps)
    plank = next(s for s in steps if s.name == "Plank" and s.kind is StepKind.SET)
    assert big_target(row) == "10 × 40 kg"
    assert big_target(plank) == ""  # a timed set: its clock says how long


def test_a_rest_shows_the_next_set_its_number_and_its_load(clock: FakeClock) -> None:
    steps = small_session(clock).plan.steps
    rest = next(s for s in steps if s.kind is StepKind.REST)
    coming = steps[rest.index + 1]
    assert main_texts(rest, coming) == ("Bent-over row", "Set 2 of 2", "10 × 40 kg")
    assert banner_text(rest, paused=False) == "REST · up next"
    # Get-ready before the first set: the same three, for the same reason.
    first_set = next(s for s in steps if s.kind is StepKind.SET)
    ready = steps[first_set.index - 1]
    assert ready.kind is StepKind.GET_READY
    assert main_texts(ready, first_set) == ("Bent-over row", "Set 1 of 2", "10 × 40 kg")


def test_the_banner_names_the_phase_and_the_set_and_says_paused_first(clock: FakeClock) -> None:
    first_set = next(s for s in small_session(clock).plan.steps if s.kind is StepKind.SET)
    assert banner_text(first_set, paused=False) == "WORK · set 1 of 2"
    assert banner_text(first_set, paused=True).startswith("PAUSED · space to go on")


def test_next_never_repeats_what_is_large_and_shortens_by_dropping_parts(
    clock: FakeClock,
) -> None:
    session = small_session(clock)
    session.start()  # get ready for Arm circles: Arm circles is shown large
    assert next_text(session, 80) == "Then: Bent-over row, set 1 of 2, then Rest 30s"
    # Narrower: the "then" part goes, then the set number; never a word cut in two.
    assert next_text(session, 40) == "Then: Bent-over row, set 1 of 2"
    assert next_text(session, 25) == "Then: Bent-over row"
    session.skip()  # Arm circles itself
    assert next_text(session, 80) == "Next: Bent-over row, set 1 of 2, then Rest 30s"


def test_times_count_seconds_in_the_first_minute() -> None:
    # "0m done" stood for the whole first minute.
    assert times_text(42, 2640).startswith("42s done")
    assert times_text(125, 2640).startswith("2m done")


def test_cues_are_paged_by_the_rows_they_take() -> None:
    cues = ("Elbows close", "Pull through the elbows", "Exhale up", "Lower to straight arms")
    assert cue_pages(cues, 4, 80) == [list(cues)]
    pages = cue_pages(cues, 2, 80)
    assert [c for page in pages for c in page] == list(cues)  # every cue, in order
    assert all(len(page) <= 2 for page in pages)
    # A cue that wraps takes two rows of its page.
    long = ("word " * 20).strip()
    assert cue_pages((long, "short"), 2, 60) == [[long], ["short"]]


def test_skipped_steps_are_counted_not_listed_one_by_one() -> None:
    names = ["Rest", "Rest", "Deadlift", "Rest", "Deadlift", "Plank"]
    assert skipped_text(names) == "3 rests, Deadlift ×2, Plank"
    assert skipped_text(["Rest"]) == "1 rest"


def test_the_log_path_breaks_between_folder_and_file_name(tmp_path: Path) -> None:
    summary = Summary("[b]Mine[/b]", Status.COMPLETED, 600, 0, 3, 3, 1200, "kg")
    log = tmp_path / "sessions" / "2026-12-04-1804-strength.toml"
    console = Console(width=64, record=True, file=io.StringIO())
    console.print(summary_body(summary, log))
    lines = console.export_text().splitlines()
    assert lines[-1].strip() == log.name  # the file name whole, on a row of its own
    assert "[b]Mine[/b]" in lines[0]  # the routine's name is text, never markup
    # A long value wraps under itself, never under the labels.
    skipped = Summary(
        "x", Status.COMPLETED, 1, 0, 0, 3, 0, "kg", skipped=[f"Move {i}" for i in range(30)]
    )
    console = Console(width=40, record=True, file=io.StringIO())
    console.print(summary_body(skipped, None))
    rows = console.export_text().splitlines()
    wrapped = rows[[i for i, r in enumerate(rows) if r.startswith("Skipped")][0] + 1 :]
    assert wrapped and all(r.startswith(" " * len("Skipped  ")) for r in wrapped)


# -- the big font ---------------------------------------------------------------


def test_big_text_scales_to_its_box_and_falls_back_to_plain_words() -> None:
    big, rows = render_text("Deadlift", 80, 6)
    assert big and all(len(row) == 80 for row in rows) and len(rows) == 6
    scale, _ = layout("Deadlift", 200, 20) or (0, [])
    assert scale >= 3  # grows with the box
    # Too small for even the smallest letters: the words, plain, whole.
    big, rows = render_text("Cross-body shoulder stretch", 30, 2)
    assert not big
    assert " ".join(r.strip() for r in rows).split() == ["Cross-body", "shoulder", "stretch"]


def test_accented_names_are_drawn_with_their_base_letters() -> None:
    assert glyph_text("Rücken Übung") == "RUCKEN UBUNG"
    assert glyph_text("Straße") == "STRASSE"
    assert glyph_text("深蹲") is None  # no glyphs: shown as plain text instead


@given(
    st.text(min_size=1, max_size=60),
    st.integers(min_value=1, max_value=220),
    st.integers(min_value=1, max_value=60),
)
def test_big_text_always_fills_exactly_its_box(text: str, width: int, height: int) -> None:
    _, rows = render_text(text, width, height)
    assert len(rows) == height
    assert all(cell_len(row) == width for row in rows)
