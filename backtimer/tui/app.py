"""The backtimer App: pick a routine, run the session, show the summary.

``BacktimerApp(session=..., clock=...)`` starts straight on the session screen;
without a session it opens the routine picker first. Everything that depends
on time takes the clock, so Pilot tests drive a whole session with a
:class:`~backtimer.engine.FakeClock` and :meth:`BacktimerApp.sync`.

The App returns the session's :class:`~backtimer.engine.Summary` from
``run()`` (``None`` when no session was started), for the CLI to print, and
sets ``return_code`` when it was interrupted: 130 for Ctrl+C (or Ctrl+Q, or
SIGINT), 128 + the signal for SIGHUP (the terminal closed) and SIGTERM.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer

from backtimer.engine import (
    Clock,
    CueCommand,
    Cues,
    Kit,
    Plan,
    Session,
    Summary,
    SystemClock,
    expand,
    summarize,
)
from backtimer.engine.cues import Voice, spoken
from backtimer.engine.memory import Memory
from backtimer.logs import Journal, open_journal
from backtimer.paths import sessions_dir
from backtimer.routine import Unit
from backtimer.tui import terminal
from backtimer.tui.screens.session import SessionScreen

if TYPE_CHECKING:
    from backtimer.engine.prs import E1rm, PersonalRecord
    from backtimer.engine.recordwatch import RecordWatch
    from backtimer.engine.training import Training
    from backtimer.logs import LogData, Resumption
    from backtimer.routine import Routine
    from backtimer.tui.remote import Remote as RemoteServer

#: After a signal, the seconds leaving may take before the process ends anyway (see _on_signal).
EXIT_GRACE = 2.0


class BacktimerApp(App[Summary | None]):
    """The guided session, full screen.

    Args:
        session: The session to run; ``None`` opens the routine picker.
        clock: Where time comes from (the real clock by default).
        log_dir: The folder for the session log (the data dir's ``sessions/``).
        resumption: A resumed session (``resume_session``): its session, the log it
            continues and that log's lock; instead of ``session``.
        quiet: No terminal bell (the visual flash stays).
        cue_command: The command that speaks (config.toml's, or the speech program
            ``cue_command = "auto"`` found: see ``speech.voice_command``), if any.
        voice: What the voice says (config ``[voice]``).
        ascii_only: Draw the clock and bars in ASCII (``#``), for a terminal that is
            not UTF-8; by default, when the stream Textual draws on (stderr) cannot
            encode the block characters.
    """

    TITLE = "backtimer"
    ENABLE_COMMAND_PALETTE = False
    # The session screen's styles load with the App: a screen with a CSS_PATH of
    # its own makes Textual parse every stylesheet again when it is pushed.
    CSS_PATH = "screens/session.tcss"
    # On every screen of a session (also over the help and quit dialogs) and its summary;
    # before one, Ctrl+C falls through to Textual's own binding (copy in an input, a hint).
    BINDINGS = [
        Binding("ctrl+c", "interrupt", "Stop now (resume it later)", show=False, priority=True)
    ]
    #: Seconds between checks whether a failed log write is due again (see Journal.retry).
    LOG_RETRY_POLL = 1.0

    def __init__(
        self,
        session: Session | None = None,
        *,
        clock: Clock | None = None,
        log_dir: Path | None = None,
        resumption: Resumption | None = None,
        quiet: bool = False,
        cue_command: str | None = None,
        voice: Voice | None = None,
        ascii_only: bool | None = None,
        memory: Memory | None = None,
        kits: Callable[[Unit], Mapping[str, Kit]] | None = None,
        progression: bool = True,
        formula: E1rm | None = None,
        memory_later: Callable[[], Memory] | None = None,
        remote: str | None = None,
    ) -> None:
        """``memory_later``: on a cold start ``memory`` is from the newest logs only; this
        gives the whole of it (it may take seconds: called off the event loop).
        ``remote``: serve the phone remote on this address (``""``: the LAN address);
        ``None``: no remote (:mod:`backtimer.tui.remote`)."""
        super().__init__()
        if ascii_only is None:
            ascii_only = not terminal.shows(terminal.SYMBOLS, sys.__stderr__)
        self.ascii_only = ascii_only
        if resumption is not None:
            session = resumption.session
        self.clock = clock or (session.clock if session is not None else SystemClock())
        self.session = session
        self.log_dir = log_dir or sessions_dir()
        self.resumption = resumption
        self.memory = memory  # earlier sessions by exercise (None: not read)
        self.kits = kits  # the user's equipment in a unit
        self.progression = progression
        self.formula = formula
        self.records: RecordWatch | None = None
        self.memory_later = memory_later
        self.remote_bind = remote
        self.remote: RemoteServer | None = None
        self._resumed_log: str | None = None  # planned without its own log (see resume)
        self.quiet = quiet
        self.voice = CueCommand(cue_command, self._cue_failed) if cue_command else None
        self.voice_settings = voice or Voice()
        self.journal: Journal | None = None
        self.cues: Cues | None = None
        self.bells = 0
        self._log_retry: Timer | None = None
        self._thread = threading.get_ident()

    # -- start --------------------------------------------------------------
    def run(self, *args: Any, **kwargs: Any) -> Summary | None:
        """Run full screen; on a terminal that is not UTF-8, each symbol Textual draws
        is one ASCII cell (see :func:`~backtimer.tui.terminal.drawing_in_cells`)."""
        with terminal.drawing_in_cells():
            return super().run(*args, **kwargs)

    def on_load(self) -> None:
        # Before anything is drawn: the log of a session given at start is open (and
        # written) before its screen, the App's first, starts the session.
        self._thread = threading.get_ident()
        if self.session is not None:
            self._open_log(self.session, self.resumption)

    def get_default_screen(self) -> Screen[None]:
        """Given a session, its screen is the App's first: no blank screen drawn before it."""
        if self.session is None:
            return super().get_default_screen()
        return SessionScreen(self.session, ascii_only=self.ascii_only)

    def get_key_display(self, binding: Binding) -> str:
        """A key as the footer shows it: ``enter``, not ``⏎``, when ``ascii_only``."""
        shown = super().get_key_display(binding)
        if self.ascii_only and not shown.isascii():
            return binding.key.split(",")[0]
        return shown

    def on_mount(self) -> None:
        self._install_signal_handlers()
        if self.session is None:
            self.open_picker()
        self._freeze_after_refresh()
        if self.memory_later is not None:
            self.call_after_refresh(self._await_memory, self.memory_later)
        if self.remote_bind is not None:
            self.call_after_refresh(self._start_remote, self.remote_bind)

    # -- the phone remote -------------------------------------------------------
    async def _start_remote(self, bind: str) -> None:
        """Serve the remote in this loop and show its QR code and URL."""
        from backtimer.tui import remote

        try:
            self.remote = await remote.start(
                self.remote_state, self.remote_command, host=bind or None
            )
        except remote.RemoteUnavailable as error:
            self.notify(f"No phone remote: {error}", severity="error", timeout=10)
            return
        self.action_show_remote()

    def action_show_remote(self) -> None:
        """Show the remote's QR code and URL (r)."""
        from backtimer.tui.screens.remote import RemoteScreen

        if self.remote is not None and not isinstance(self.screen, RemoteScreen):
            self.push_screen(RemoteScreen(self.remote.url))

    def _session_screen(self) -> SessionScreen | None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, SessionScreen):
                return screen
        return None

    def remote_state(self) -> dict[str, object]:
        """What the phone shows: the step, what it is, the time, the phase, paused."""
        from backtimer.tui.remote import IDLE

        screen = self._session_screen()
        return dict(IDLE) if screen is None else screen.remote_state()

    def remote_command(self, name: str) -> None:
        """A button on the phone: the same as its key here (see remote.COMMANDS)."""
        screen = self._session_screen()
        if screen is not None and not screen.session.finished:
            screen.remote_command(name)

    def _await_memory(self, later: Callable[[], Memory]) -> None:
        """Wait for the whole training memory in a thread (a daemon: quitting first never
        waits for it), then take it in on the event loop."""

        def wait() -> None:
            memory = later()
            with contextlib.suppress(RuntimeError):  # the App ended meanwhile
                self.call_from_thread(self.memory_complete, memory)

        threading.Thread(target=wait, name="memory", daemon=True).start()

    def memory_complete(self, memory: Memory) -> None:
        """The whole training memory is in (a cold start planned from the newest logs):
        the steps to come take its targets, last time and loads, and records are judged
        against all of it."""
        self.memory = memory
        if self._resumed_log is not None:
            memory = memory.without(self._resumed_log)
        session = self.session
        if session is not None and not session.finished:
            routine = session.plan.routine
            session.retarget(expand(routine, self.training(routine, memory)))
            for screen in self.screen_stack:
                if isinstance(screen, SessionScreen):
                    screen.sync()
        if self.records is not None:
            self.records.use(memory)

    def open_picker(self) -> None:
        from backtimer.tui.screens.history_resume import offer_resume
        from backtimer.tui.screens.picker import PickerScreen

        def picked(plan: Plan | None) -> None:
            if plan is not None:  # planned again with memory: targets, last time, loads
                plan = expand(plan.routine, self.training(plan.routine))
                self.start_session(Session(plan, self.clock))

        picker = PickerScreen()
        self.push_screen(picker, picked)
        self.call_after_refresh(
            offer_resume,
            picker,
            self.log_dir,
            self.clock,
            self._resume_from_picker,
            self._resume_training,
        )

    def _resume_from_picker(self, resumption: Resumption) -> None:
        from backtimer.tui.screens.picker import PickerScreen

        if isinstance(self.screen, PickerScreen):
            self.pop_screen()
        self.start_session(resumption.session, resumption)

    def start_session(self, session: Session, resumption: Resumption | None = None) -> None:
        """Open the log and show the session screen (over the picker, say).

        Args:
            resumption: Where ``session`` came from, when it is a resumed one.
        """
        self._open_log(session, resumption)
        self.push_screen(SessionScreen(session, ascii_only=self.ascii_only))
        self._freeze_after_refresh()

    def _open_log(self, session: Session, resumption: Resumption | None) -> None:
        """Open the session's log and its cues: the session's subscribers beside the screen.

        A log that cannot be written is warned about (and retried), never fatal.
        """
        self.session = session
        self.journal = open_journal(
            session,
            self.log_dir,
            resumed=resumption,
            on_warning=self._log_warning,
            on_recovered=self._log_saved,
        )
        self.cues = Cues(
            session,
            bell=self.ring_bell,
            say=self.say if self.voice else None,
            voice=self.voice_settings,
        )
        # Imported here, not on the way to the first paint (make bench, start-up).
        from backtimer.engine.prs import E1rm
        from backtimer.engine.recordwatch import RecordWatch

        self.records = RecordWatch(
            session,
            self.memory or Memory(),
            on_record=self._record_broken,
            formula=self.formula or E1rm.EPLEY,
        )

    def _resume_training(self, log: LogData) -> Training:
        """A resumed session plans against every session but its own (as at its start)."""
        from backtimer.engine.training import Training

        if self.memory is not None and log.path is not None:
            self.memory = self.memory.without(log.path.name)
            self._resumed_log = log.path.name
        kits = self.kits(Unit(log.unit)) if self.kits is not None else {}
        return Training(self.memory or Memory(), kits, self.progression)

    def training(self, routine: Routine, memory: Memory | None = None) -> Training:
        """What a plan of ``routine`` is built with: memory (the App's unless given),
        kits, the progression switch."""
        from backtimer.engine.training import Training

        kits = self.kits(routine.defaults.unit) if self.kits is not None else {}
        return Training(memory or self.memory or Memory(), kits, self.progression)

    def _record_broken(self, records: list[PersonalRecord]) -> None:
        """A record fell: the banner says it, a double bell rings, the voice says it."""
        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                screen.show_record([record.text for record in records])
        self.ring_bell()
        self.set_timer(0.25, self.ring_bell)  # two bells: not a step change
        if self.voice is not None and self.voice_settings.records:
            self.say(spoken(". ".join(record.announcement for record in records)))

    def _freeze_after_refresh(self) -> None:
        """Once the screen is drawn, freeze what exists and let the collector run.

        What exists then (Textual, the styles, the plan) lives as long as the App:
        frozen, the garbage collector stops walking it again and again while the
        clock counts (make bench, CPU). ``backtimer run`` switches the collector off
        for the start-up itself; it is switched on here. Unfrozen when the App ends.
        """

        def settle() -> None:
            gc.freeze()
            gc.enable()

        self.call_after_refresh(settle)

    @property
    def session_running(self) -> bool:
        """Whether a session has started and not ended."""
        return self.journal is not None and self.session is not None and not self.session.finished

    async def on_unmount(self) -> None:
        """Let go of the log and the remote, and give the frozen objects back to the
        collector.

        (Tests run many Apps in one process: they unfreeze, and free each log.)
        """
        if self.remote is not None:
            await self.remote.stop()
        if self.journal is not None:
            self.journal.close()
        if self.voice is not None:
            self.voice.stop()  # however the App ends, no cue goes on speaking
        gc.unfreeze()

    # -- cues ---------------------------------------------------------------
    def ring_bell(self) -> None:
        """Ring the terminal bell (unless quiet); the session's cues call this."""
        self.bells += 1
        if not self.quiet:
            self.bell()

    def say(self, text: str) -> None:
        """Speak ``text`` through the user's cue command (never blocks)."""
        if self.voice is not None:
            self.voice.say(text)

    def _cue_failed(self, message: str) -> None:
        """The cue command failed: one warning, from whichever thread found it."""
        if threading.get_ident() == self._thread:
            self._warn_cue(message)
        else:
            # A waiter may report after the App has ended: nothing left to warn.
            with contextlib.suppress(RuntimeError):
                self.call_from_thread(self._warn_cue, message)

    def _warn_cue(self, message: str) -> None:
        # markup=False: the command is the user's text and may hold [brackets].
        self.notify(message, title="Cue command", severity="warning", timeout=15, markup=False)

    # -- the log ------------------------------------------------------------
    def _log_warning(self, message: str) -> None:
        """A write failed: say so once, and keep retrying even when no event comes."""
        # markup=False: a path may hold [brackets].
        self.notify(message, title="Session log", severity="warning", timeout=15, markup=False)
        if self._log_retry is None:
            self._log_retry = self.set_interval(
                self.LOG_RETRY_POLL, self.retry_log, name="log-retry"
            )

    def _log_saved(self, message: str) -> None:
        self.notify(message, title="Session log", timeout=5, markup=False)
        if self._log_retry is not None:
            self._log_retry.stop()
            self._log_retry = None

    def retry_log(self) -> None:
        """Write a failing log again once it is due (every few seconds, by the clock)."""
        if self.journal is not None:
            self.journal.retry()

    # -- time ---------------------------------------------------------------
    def sync(self) -> None:
        """Catch the session screen up with the clock (tests call this after advancing it)."""
        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                screen.sync()
        self.retry_log()

    # -- end ----------------------------------------------------------------
    def on_session_screen_ended(self, message: SessionScreen.Ended) -> None:
        """The session is over: show the summary."""
        session = self.session
        if session is None:
            return
        summary = self.summary
        assert summary is not None
        if self.voice is not None:
            self.voice.stop()
        path = self.journal.path if self.journal is not None else None
        from backtimer.tui.screens.summary import SummaryScreen

        # Over the session screen (the App's first screen when given a session, which
        # cannot be switched away); the summary's keys leave the App.
        self.push_screen(SummaryScreen(summary, path))

    @property
    def summary(self) -> Summary | None:
        if self.session is None:
            return None
        found = [record.text for record in self.records.found] if self.records else []
        return summarize(self.session, self.memory, found)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "interrupt":
            # Before a session (the picker) the key goes on to Textual's own Ctrl+C.
            return self.journal is not None
        return True

    def action_interrupt(self) -> None:
        """Ctrl+C: stop at once, the session kept resumable (on the summary: leave)."""
        if self.session_running:
            self.interrupt(130)
        else:
            self.exit(self.summary)

    async def action_quit(self) -> None:
        """Ctrl+Q (Textual's quit key): once a session started, the same as Ctrl+C."""
        if self.journal is not None:
            self.action_interrupt()
        else:
            await super().action_quit()

    def interrupt(self, return_code: int) -> None:
        """Leave now, keeping the session resumable (Ctrl+C, a closed terminal, SIGTERM).

        The log is written as it stands: still ``in_progress``, with every step
        finished so far; the step under way is done again on resume, so
        ``backtimer resume`` (and the picker) offer to continue there. The App
        returns the summary so far with ``return_code``.
        """
        if self.journal is not None:
            self.journal.write()
        if self.voice is not None:
            self.voice.stop()
        self.exit(self.summary, return_code=return_code)

    def _install_signal_handlers(self) -> None:
        """SIGHUP (the terminal closed), SIGTERM and SIGINT: write the log and leave.

        See :meth:`interrupt`. (Ctrl+C itself reaches the App as a key, since
        the terminal is in raw mode; SIGINT comes from ``kill -INT``.)
        """
        import asyncio

        try:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, self._on_signal, sig)
        except (NotImplementedError, RuntimeError, ValueError, AttributeError):
            return  # not the main thread (tests), or no such signal here

    def _on_signal(self, sig: signal.Signals) -> None:
        code = 130 if sig == signal.SIGINT else 128 + sig
        self.interrupt(code)
        # When the terminal is gone, Textual's output thread dies on the first failed write
        # and the App then blocks for ever on its full queue while shutting down. The log
        # is saved by now: end the process if leaving takes too long.
        watchdog = threading.Timer(EXIT_GRACE, os._exit, (code,))
        watchdog.daemon = True
        watchdog.start()
