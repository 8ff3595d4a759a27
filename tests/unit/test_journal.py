"""The session log: atomic writes on every change, read back exactly, failures warned once."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import backtimer.logs.journal as journal_mod
from backtimer.engine import FakeClock, Outcome, Session, Status, expand
from backtimer.errors import BacktimerError
from backtimer.logs import (
    LOG_FORMAT,
    Journal,
    LogData,
    LogError,
    check_writable,
    dump_log,
    mark_status,
    open_journal,
    parse_log,
    read_log,
)
from tests.logfactory import tiny_routine


def _session(clock: FakeClock) -> Session:
    session = Session(expand(tiny_routine()), clock, max_gap=None)
    session.start()
    return session


def test_first_write_names_the_file_by_time_and_routine(tmp_path: Path, clock: FakeClock) -> None:
    journal = open_journal(_session(clock), tmp_path)
    assert journal.path.name == "2026-11-25T18-00-00_tiny-back.toml"
    log = read_log(journal.path)
    assert log.status is Status.IN_PROGRESS
    assert log.started.tzinfo is not None
    assert log.routine_name == "Tiny back"
    assert log.routine_text.startswith("[routine]")
    assert log.routine_sha256 == tiny_routine().sha256
    assert log.records == []


def test_second_session_in_the_same_second_gets_a_new_name(
    tmp_path: Path, clock: FakeClock
) -> None:
    first = open_journal(_session(clock), tmp_path)
    second = open_journal(_session(clock), tmp_path)
    assert second.path.name == "2026-11-25T18-00-00_tiny-back-2.toml"
    assert first.path.exists() and second.path.exists()


def test_every_finished_step_and_set_entry_is_on_disk(tmp_path: Path, clock: FakeClock) -> None:
    session = _session(clock)
    journal = open_journal(session, tmp_path)
    clock.advance(2)
    session.tick()  # warm-up done, set 1 starts
    assert [r.index for r in read_log(journal.path).records] == [0]
    clock.advance(25)
    session.done()
    session.log_set(1, reps=4, weight=42.5, rpe=8)
    log = read_log(journal.path)
    set_record = log.records[1]
    assert (set_record.reps, set_record.weight, set_record.rpe) == (4, 42.5, 8)
    assert set_record.unit == "kg" and set_record.entered
    assert log.resume_at == 2
    session.skip()  # the rest
    assert read_log(journal.path).records[-1].outcome is Outcome.SKIPPED
    session.pause()
    clock.advance(30)
    assert read_log(journal.path).paused_seconds == pytest.approx(0.0)  # written at pause
    session.quit()
    log = read_log(journal.path)
    assert log.status is Status.ABANDONED
    assert log.ended is not None
    assert log.active_seconds == pytest.approx(27.0)
    assert log.records[-1].outcome is Outcome.STOPPED
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file is left behind"


def test_after_each_step_change_the_log_holds_the_ended_step_and_points_past_it(
    tmp_path: Path, clock: FakeClock
) -> None:
    """What a kill would leave after each change (that each is one write: make bench)."""
    session = _session(clock)
    journal = open_journal(session, tmp_path)

    def on_disk() -> tuple[list[int], int]:
        log = read_log(journal.path)
        return [r.index for r in log.records], log.resume_at

    clock.advance(2)
    session.tick()  # the warm-up move ends on its own, set 1 starts
    assert on_disk() == ([0], 1)
    session.done()  # set 1 done by hand, the rest starts
    assert on_disk() == ([0, 1], 2)
    session.quit()  # the rest stopped and the session ended
    assert on_disk() == ([0, 1, 2], 3)
    log = read_log(journal.path)
    assert log.status is Status.ABANDONED and log.records[-1].outcome is Outcome.STOPPED


def test_completed_session_and_notes(tmp_path: Path, clock: FakeClock) -> None:
    session = _session(clock)
    journal = open_journal(session, tmp_path)
    while not session.finished:
        clock.advance(1)
        session.done()
    journal.set_notes("Felt strong.\nGrip gave out on the last set.")
    log = read_log(journal.path)
    assert log.status is Status.COMPLETED
    assert log.notes.endswith("last set.")
    assert len(log.records) == len(session.plan.steps)


def test_absent_values_are_left_out_not_written_as_empty(tmp_path: Path, clock: FakeClock) -> None:
    session = _session(clock)
    journal = open_journal(session, tmp_path)
    clock.advance(2)
    session.tick()
    text = journal.path.read_text("utf-8")
    warmup = text.split("[[step]]")[1].split("\n[routine]")[0]
    for key in ("set_number", "reps", "weight", "rpe", "side"):
        assert f"\n{key} =" not in warmup


def test_failed_writes_warn_once_per_streak_and_retry(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    session = _session(clock)
    journal = open_journal(session, tmp_path, on_warning=warnings.append)
    real = journal_mod.write_log

    def broken(log: LogData, path: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(journal_mod, "write_log", broken)
    clock.advance(2)
    session.tick()
    session.done()
    assert len(warnings) == 1
    assert "No space left on device" in warnings[0] and str(journal.path) in warnings[0]
    monkeypatch.setattr(journal_mod, "write_log", real)
    session.skip()  # the next event retries and succeeds
    assert len(read_log(journal.path).records) == 3
    monkeypatch.setattr(journal_mod, "write_log", broken)
    session.skip()
    assert len(warnings) == 2, "a new streak of failures warns again"


def test_check_writable_names_the_folder(tmp_path: Path) -> None:
    check_writable(tmp_path / "new" / "sessions")
    assert (tmp_path / "new" / "sessions").is_dir()
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(BacktimerError) as info:
        check_writable(blocker / "sessions")
    assert str(blocker / "sessions") in info.value.message
    assert "--log-dir" in info.value.message


def test_resumed_journal_keeps_start_and_notes(tmp_path: Path, clock: FakeClock) -> None:
    first = open_journal(_session(clock), tmp_path)
    first.set_notes("first half")
    first.close()  # the first process is gone
    clock.advance(600)
    later = Journal(_session(clock), tmp_path, path=first.path)
    later.write()
    log = read_log(first.path)
    assert log.started == read_log(first.path).started
    assert log.started.minute == 0 and log.notes == "first half" and log.resumed == 1
    assert len(list(tmp_path.glob("*.toml"))) == 1


@pytest.mark.parametrize(
    "text",
    [
        "[routine]\nname = 'Its'\n# ends with a quote'",
        "a = '''x'''\n",  # holds the literal-string delimiter
        'name = "Row"\r\nsets = 3\r\n',  # Windows line ends
        'name = "Row"\n',
    ],
)
def test_routine_copy_round_trips_whatever_its_text(text: str, clock: FakeClock) -> None:
    log = LogData(started=clock.wall(), routine_name="x", routine_text=text, notes="after")
    out = dump_log(log)
    assert tomllib.loads(out)["routine"]["text"] == text
    assert tomllib.loads(out)["notes"] == "after"
    assert parse_log(out.encode("utf-8"), Path("x.toml")) == log


def test_readable_routine_copy_is_a_literal_string(tmp_path: Path, clock: FakeClock) -> None:
    journal = open_journal(_session(clock), tmp_path)
    text = journal.path.read_text("utf-8")
    assert "text = '''\n[routine]\nname = \"Tiny back\"" in text


def test_mark_status(tmp_path: Path, clock: FakeClock) -> None:
    journal = open_journal(_session(clock), tmp_path)
    journal.close()  # a session that is not running any more
    mark_status(journal.path, Status.ABANDONED, when=clock.wall())
    log = read_log(journal.path)
    assert log.status is Status.ABANDONED and log.ended is not None


UNREADABLE = {
    "empty": (b"", "empty"),
    "blank": (b"\n  \n", "empty"),
    "not-toml": (b"this is { not toml", "not valid TOML"),
    "binary": (b"\xff\xfe\x00garbage", "not UTF-8"),
    "newer": (f'format = {LOG_FORMAT + 1}\nstatus = "completed"\n'.encode(), "newer"),
    "no-format": (b'status = "completed"\n', "format"),
    "bad-status": (b'format = 1\nstatus = "sleeping"\n', "unknown status"),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_unreadable_logs_raise_a_log_error_naming_the_file(tmp_path: Path, case: str) -> None:
    data, words = UNREADABLE[case]
    path = tmp_path / f"{case}.toml"
    path.write_bytes(data)
    with pytest.raises(LogError) as info:
        read_log(path)
    assert str(path) in str(info.value)
    assert words in info.value.reason


def test_truncated_log_is_refused(tmp_path: Path, clock: FakeClock) -> None:
    session = _session(clock)
    journal = open_journal(session, tmp_path)
    clock.advance(2)
    session.tick()
    data = journal.path.read_bytes()
    for cut in (len(data) // 3, len(data) - 40, len(data) - 3):
        broken = tmp_path / "cut.toml"
        broken.write_bytes(data[:cut])
        with pytest.raises(LogError):
            read_log(broken)
