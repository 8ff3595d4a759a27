"""The backtimer App: pick a routine, run the session, show the summary.

``BacktimerApp(session=..., clock=...)`` starts straight on the session screen;
without a session it opens the routine picker first. Everything that depends
on time takes the clock, so Pilot tests drive a whole session with a
:class:`~backtimer.clock.FakeClock` and :meth:`BacktimerApp.sync`.

The App returns the session's :class:`~backtimer.session.Summary` from
``run()`` (``None`` when no session was started), for the CLI to print.
"""

from __future__ import annotations

import signal
from pathlib import Path

from textual.app import App

from backtimer.clock import Clock, SystemClock
from backtimer.cues import CueCommand
from backtimer.errors import BacktimerError
from backtimer.journal import Journal, check_writable, open_journal
from backtimer.paths import sessions_dir
from backtimer.plan import Plan
from backtimer.session import Session, Summary, summarize
from backtimer.tui.screens.session import SessionScreen
from backtimer.tui.screens.summary import SummaryScreen


class BacktimerApp(App[Summary | None]):
    """The guided session, full screen.

    Args:
        session: The session to run; ``None`` opens the routine picker.
        clock: Where time comes from (the real clock by default).
        log_dir: The folder for the session log (the data dir's ``sessions/``).
        quiet: No terminal bell (the visual flash stays).
        cue_command: The user's cue command from config.toml, if any.
    """

    TITLE = "backtimer"
    ENABLE_COMMAND_PALETTE = False

    def __init__(
        self,
        session: Session | None = None,
        *,
        clock: Clock | None = None,
        log_dir: Path | None = None,
        quiet: bool = False,
        cue_command: str | None = None,
    ) -> None:
        super().__init__()
        self.clock = clock or (session.clock if session is not None else SystemClock())
        self.session = session
        self.log_dir = log_dir or sessions_dir()
        self.quiet = quiet
        self.cues = CueCommand(cue_command, self._cue_failed) if cue_command else None
        self.journal: Journal | None = None
        self.stop_now = False
        self.bells = 0

    # -- start --------------------------------------------------------------
    def on_mount(self) -> None:
        self._install_hangup_handler()
        if self.session is not None:
            self.start_session(self.session)
        else:
            self.open_picker()

    def open_picker(self) -> None:
        from backtimer.tui.screens.history_resume import offer_resume
        from backtimer.tui.screens.picker import PickerScreen

        def picked(plan: Plan | None) -> None:
            if plan is not None:
                self.start_session(Session(plan, self.clock))

        picker = PickerScreen()
        self.push_screen(picker, picked)
        self.call_after_refresh(
            offer_resume, picker, self.log_dir, self.clock, self._resume_from_picker
        )

    def _resume_from_picker(self, session: Session) -> None:
        if self.screen.__class__.__name__ == "PickerScreen":
            self.pop_screen()
        self.start_session(session)

    def start_session(self, session: Session) -> None:
        """Open the log (warning if it cannot be written) and show the session screen."""
        self.session = session
        try:
            check_writable(self.log_dir)
        except BacktimerError as error:
            self.notify(
                f"{error.message} The session runs, but nothing will be saved until it can "
                "be written.",
                title=error.title,
                severity="error",
                timeout=15,
            )
        self.journal = open_journal(session, self.log_dir, on_warning=self._log_warning)
        self.push_screen(SessionScreen(session))

    # -- cues ---------------------------------------------------------------
    def cue_bell(self) -> None:
        """Ring the terminal bell (unless quiet)."""
        self.bells += 1
        if not self.quiet:
            self.bell()

    def cue_say(self, text: str) -> None:
        """Run the user's cue command with ``text``, if they set one."""
        if self.cues is not None:
            self.cues.say(text)

    def _cue_failed(self, message: str) -> None:
        self.call_from_thread(self.notify, message, title="Cue command", severity="warning")

    def _log_warning(self, message: str) -> None:
        self.notify(message, title="Session log", severity="warning", timeout=15)

    # -- time ---------------------------------------------------------------
    def sync(self) -> None:
        """Catch the session screen up with the clock (tests call this after advancing it)."""
        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                screen.sync()

    # -- end ----------------------------------------------------------------
    def session_ended(self) -> None:
        """Show the summary (or leave at once after Ctrl+C)."""
        session = self.session
        if session is None:
            return
        summary = summarize(session)
        if self.cues is not None:
            self.cues.stop()
        if self.stop_now:
            self.exit(summary)
            return
        path = self.journal.path if self.journal is not None else None
        self.switch_screen(SummaryScreen(summary, path))

    @property
    def summary(self) -> Summary | None:
        return summarize(self.session) if self.session is not None else None

    def _install_hangup_handler(self) -> None:
        """A closed terminal (SIGHUP) or SIGTERM: write the log as it stands and leave.

        The log stays ``in_progress``, so ``backtimer resume`` offers to continue.
        """
        import asyncio

        try:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(sig, self._hangup)
        except (NotImplementedError, RuntimeError, ValueError, AttributeError):
            return  # not the main thread (tests), or no such signal here

    def _hangup(self) -> None:
        if self.journal is not None:
            self.journal.write()
        if self.cues is not None:
            self.cues.stop()
        self.exit(None, return_code=129)
