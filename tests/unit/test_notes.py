"""Notes: `n` in a session keeps a note about the exercise or the whole session.

The engine keeps and sends it (:class:`NoteAdded`), the journal writes it at once and a
resumed session keeps it, and the Strong export puts it in ``Notes`` / ``Workout Notes``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from backtimer.engine import MAX_NOTE, Event, FakeClock, NoteAdded, Session, expand
from backtimer.logs import LogData, open_journal, read_log, resume_session
from backtimer.logs.export import ExportFormat, export
from tests.logfactory import tiny_routine

ROW = "Bent-over row"  # the tiny routine's exercise


def _session(clock: FakeClock) -> Session:
    session = Session(expand(tiny_routine()), clock, max_gap=None)
    session.start()
    return session


# -- the engine --------------------------------------------------------------------


def test_add_note_keeps_it_and_sends_note_added(clock: FakeClock) -> None:
    session = _session(clock)
    events: list[Event] = []
    session.subscribe(events.append)
    session.add_note("  grip slipped on rep 4 \n", exercise=ROW)
    session.add_note("Short on sleep", exercise=None)
    expected = [NoteAdded("grip slipped on rep 4", ROW), NoteAdded("Short on sleep", None)]
    assert events == expected
    assert session.notes == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "needs some text"),
        ("   \n ", "needs some text"),
        ("x" * (MAX_NOTE + 1), f"at most {MAX_NOTE}"),
        ("bell\x07", r"\\x07"),
        ("reset\x1b[2J", r"\\x1b"),
        ("tab\there", r"\\t"),
        ("flip \u202e", r"\\u202e"),
    ],
)
def test_add_note_refuses_empty_long_or_control_text(
    clock: FakeClock, text: str, message: str
) -> None:
    session = _session(clock)
    events: list[Event] = []
    session.subscribe(events.append)
    with pytest.raises(ValueError, match=message):
        session.add_note(text, exercise=None)
    assert events == [] and session.notes == []


def test_add_note_takes_the_longest_note_and_line_ends(clock: FakeClock) -> None:
    session = _session(clock)
    session.add_note("x" * MAX_NOTE, exercise=None)
    session.add_note("two\nlines [b]not bold[/b]", exercise=ROW)
    assert [n.text for n in session.notes] == ["x" * MAX_NOTE, "two\nlines [b]not bold[/b]"]


def test_add_note_refuses_an_exercise_not_in_the_plan(clock: FakeClock) -> None:
    session = _session(clock)
    with pytest.raises(ValueError, match="no exercise of this session"):
        session.add_note("hm", exercise="Squat")
    assert session.notes == []


def test_a_note_can_be_added_before_the_start_and_after_the_end(clock: FakeClock) -> None:
    session = Session(expand(tiny_routine()), clock, max_gap=None)
    session.add_note("before", exercise=None)
    session.start()
    session.quit()
    session.add_note("after", exercise=ROW)
    assert [n.text for n in session.notes] == ["before", "after"]


# -- the journal -------------------------------------------------------------------


def test_the_journal_writes_each_note_at_once(tmp_path: Path, clock: FakeClock) -> None:
    session = _session(clock)
    journal = open_journal(session, tmp_path)
    writes = journal.writes
    session.add_note("Felt strong", exercise=None)
    assert journal.writes == writes + 1
    log = read_log(journal.path)
    assert (log.notes, log.exercise_notes) == ("Felt strong", {})
    session.add_note("grip slipped", exercise=ROW)
    session.add_note("elbows in", exercise=ROW)
    session.add_note("Short on time", exercise=None)
    log = read_log(journal.path)
    assert log.notes == "Felt strong\nShort on time"
    assert log.exercise_notes == {ROW: "grip slipped\nelbows in"}


def test_a_note_after_set_notes_keeps_what_was_there(tmp_path: Path, clock: FakeClock) -> None:
    session = _session(clock)
    journal = open_journal(session, tmp_path)
    journal.set_notes("typed on the summary")
    session.add_note("one more", exercise=None)
    assert read_log(journal.path).notes == "typed on the summary\none more"


def test_notes_survive_a_resume_and_new_ones_are_added(tmp_path: Path, clock: FakeClock) -> None:
    session = _session(clock)
    journal = open_journal(session, tmp_path)
    clock.advance(2)
    session.tick()  # warm-up done: the first set
    session.add_note("before the crash", exercise=None)
    session.add_note("heavy today", exercise=ROW)
    journal.close()  # the process died
    later = FakeClock(start=50.0)
    resumed = resume_session(read_log(journal.path), later, max_gap=None)
    assert resumed.session.notes == []  # the session holds its own; the log keeps the old
    resumed.session.start()
    again = open_journal(resumed.session, tmp_path, resumed=resumed)
    log = read_log(again.path)
    assert log.notes == "before the crash"
    assert log.exercise_notes == {ROW: "heavy today"}
    resumed.session.add_note("second half", exercise=None)
    resumed.session.add_note("lighter", exercise=ROW)
    while not resumed.session.finished:
        later.advance(3)
        resumed.session.done()
    log = read_log(again.path)
    assert log.resumed == 1
    assert log.notes == "before the crash\nsecond half"
    assert log.exercise_notes == {ROW: "heavy today\nlighter"}


# -- the export --------------------------------------------------------------------


def test_strong_export_puts_exercise_notes_in_notes_and_session_notes_in_workout_notes(
    tmp_path: Path, clock: FakeClock
) -> None:
    session = _session(clock)
    journal = open_journal(session, tmp_path)
    session.add_note('grip "slipped", twice', exercise=ROW)
    session.add_note("Good day\nslept well", exercise=None)
    while not session.finished:
        clock.advance(3)
        session.done()
    log = read_log(journal.path)
    other = LogData(started=log.started, routine_name="No notes", records=log.records)
    rows = list(csv.DictReader(io.StringIO(export([log, other], ExportFormat.STRONG))))
    mine = [r for r in rows if r["Workout Name"] == "Tiny back"]
    assert [r["Exercise Name"] for r in mine] == [ROW, ROW]
    # Once, on the exercise's and the workout's first row, as Strong's own files have them.
    assert [r["Notes"] for r in mine] == ['grip "slipped", twice', ""]
    assert [r["Workout Notes"] for r in mine] == ["Good day\nslept well", ""]
    theirs = [r for r in rows if r["Workout Name"] == "No notes"]
    assert theirs and all(r["Notes"] == r["Workout Notes"] == "" for r in theirs)
