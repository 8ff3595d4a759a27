"""The session screen: what to do now, how long is left, what comes next.

It renders the engine's state and forwards keys to it; it holds no workout
logic. Time moves through one one-shot timer set for the engine's next wake-up
(the next displayed second, or the deadline), so the screen changes once a
second and a step change happens on time, without polling.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from backtimer.engine import (
    COUNTDOWN,
    PHASE_TITLES,
    Countdown,
    Event,
    Outcome,
    Paused,
    Phase,
    Resumed,
    Session,
    SessionEnded,
    State,
    Step,
    StepEnded,
    StepKind,
    StepStarted,
)
from backtimer.formatting import format_clock, format_duration, format_minutes
from backtimer.tui.widgets.bigclock import BigClock
from backtimer.tui.widgets.session_bar import SessionBar

if TYPE_CHECKING:
    from backtimer.engine import StepRecord
    from backtimer.tui.widgets.set_entry import SetEntry

#: Below this size the layout cannot be drawn; a message says so instead.
MIN_WIDTH = 40
MIN_HEIGHT = 18


def next_text(session: Session) -> str:
    """ "Next: Rest 1m30s, then Deadlift, set 1 of 3" (or the end)."""
    upcoming = session.upcoming(2)
    if not upcoming:
        return "Next: the end — well done"
    text = f"Next: {upcoming[0].title}"
    if len(upcoming) > 1:
        text += f", then {upcoming[1].title}"
    return text


def phase_classes(phase: Phase, paused: bool) -> dict[str, bool]:
    """The layout's classes for ``phase``: one per phase (set for this one), and paused."""
    classes = {f"-{p.value.replace('_', '-')}": p is phase for p in Phase}
    return {**classes, "-paused": paused}


#: + and - share one footer entry, so every key fits an 80-column footer.
REST_KEYS = Binding.Group("Rest ±15s", compact=True)


class SessionScreen(Screen[None]):
    """Walks the user through a session."""

    # Toasts (a saved set, a warning) are raised above the Next line and the progress
    # bar, so they never cover them: the footer, progress and Next rows stay clear.
    DEFAULT_CSS = """
    SessionScreen ToastRack { margin-bottom: 3; }
    """

    BINDINGS = [
        Binding("space", "toggle_pause", "Pause"),
        Binding("enter", "done", "Done"),
        Binding("s", "skip", "Skip"),
        Binding("b", "back", "Back"),
        Binding("plus,equals_sign", "rest(15)", "Rest +15s", key_display="+", group=REST_KEYS),
        Binding("minus,underscore", "rest(-15)", "Rest -15s", key_display="-", group=REST_KEYS),
        # Not in the footer (no room at 80 columns): on the help screen (?).
        Binding("e", "edit_last_set", "Correct the last set", show=False),
        Binding("q", "request_quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
    ]

    def __init__(self, session: Session, *, ascii_only: bool = False) -> None:
        super().__init__()
        self.session = session
        self.ascii_only = ascii_only  # the clock and bar in ASCII: a terminal not UTF-8
        self._timer: Timer | None = None
        self._pending: list[Event] = []
        self._shown: dict[str, str] = {}  # the text of each line, see _show
        self.too_small = False
        session.subscribe(self._on_event)

    @dataclass
    class Ended(Message):
        """The session is over (completed or quit): time for the summary."""

    def _on_event(self, event: Event) -> None:
        # The countdown is the cues' (a beep); on screen the clock shows it anyway.
        if not isinstance(event, Countdown):
            self._pending.append(event)

    # -- layout -------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # Composed with the first step's classes, the first paint needs no restyle.
        first = phase_classes(self.session.step.phase, self.session.paused)
        with Vertical(id="layout", classes=" ".join(c for c, on in first.items() if on)):
            # The lines above and below the clock are grouped: when the clock repaints,
            # Textual renders every widget whose container overlaps it, so grouped, the
            # lines' own renders are skipped each second (make bench, CPU).
            with Vertical(id="now"):
                yield Static(id="banner")
                yield Static(id="name")
                yield Static(id="target")
            yield BigClock(id="clock", ascii_only=self.ascii_only)
            with Vertical(id="then"):
                yield Static(id="hint")
                yield Static(id="cues")
                yield Static(id="next")
                with Horizontal(id="progress-row"):
                    yield SessionBar(id="progress", ascii_only=self.ascii_only)
                    yield Static(id="times")
        yield Static(id="too-small")
        yield Footer()

    def on_mount(self) -> None:
        if self.session.state is State.READY:
            self.session.start()
        self.sync()

    def on_resize(self, event: Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if self.too_small and not small:
            # Hidden, the set entry lost the focus: give it back, or typed numbers and
            # Enter would reach the session (Enter ends the rest) instead of the entry.
            for entry in self.query("SetEntry"):
                self.call_after_refresh(entry.focus)
        self.too_small = small
        self.set_class(small, "-too-small")
        if small:
            self.query_one("#too-small", Static).update(
                f"The terminal is too small ({width}×{height}).\n"
                f"Make it at least {MIN_WIDTH}×{MIN_HEIGHT}; the session goes on meanwhile.\n"
                "space pause · q quit"
            )

    # -- time ---------------------------------------------------------------
    def sync(self) -> None:
        """Catch up with the clock, redraw, and sleep until the display next changes."""
        self.session.tick()
        # Only the clock moves within a step; the lines change with an event (a step
        # change, a pause, a command) and on the first draw (make bench, CPU).
        changed = bool(self._pending) or not self._shown
        self._handle_events()
        if changed:
            self.refresh_view()
        else:
            self.refresh_time()
        self._schedule()

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        wake = self.session.next_wakeup()
        if wake is None:
            return
        delay = max(0.0, wake - self.session.clock.now())
        self._timer = self.set_timer(delay + 0.0005, self.sync, name="session-tick")

    def _handle_events(self) -> None:
        while self._pending:
            event = self._pending.pop(0)
            if isinstance(event, StepStarted):
                self._save_open_entry(event.step)
                self._step_changed(event.step)
            elif isinstance(event, StepEnded):
                record = event.record
                if record.is_set and record.outcome is Outcome.DONE and record.reps is not None:
                    self._open_entry(record)
            elif isinstance(event, (Paused, Resumed)):
                if isinstance(event, Paused) and event.auto:
                    self.notify(
                        f"Paused after a {format_duration(round(event.gap))} gap "
                        "(the laptop slept?). "
                        "That time is not counted. Press space to go on.",
                        title="Paused",
                        severity="warning",
                        timeout=10,
                    )
            elif isinstance(event, SessionEnded):
                self._pending.clear()
                self.post_message(self.Ended())
                return

    def _step_changed(self, step: Step) -> None:
        # The bell and the voice are the session's cues (a subscriber of their own).
        if self._shown:  # the first step has nothing on screen to change from
            self.flash()

    def flash(self) -> None:
        """A visual cue (for muted terminals): the banner inverts for a moment."""
        banner = self.query_one("#banner")
        banner.add_class("-flash")
        self.set_timer(0.4, lambda: banner.remove_class("-flash"))

    # -- drawing ------------------------------------------------------------
    def refresh_view(self) -> None:
        """Draw everything: the step, its cues, what comes next, and the time."""
        session = self.session
        step = session.step
        phase = step.phase
        paused = session.paused
        layout = self.query_one("#layout")
        # One batch: each class changed on its own restyles the whole layout again.
        layout.update_classes(phase_classes(phase, paused))

        banner = PHASE_TITLES[phase]
        if step.label and step.kind is not StepKind.REST:
            banner += f"  ·  {step.label}"
        if paused:
            banner = f"PAUSED  ·  {banner}  ·  space to resume"
        self._show("#banner", banner)

        if step.kind is StepKind.GET_READY:
            name = f"Up next: {step.exercise}"
        elif step.kind is StepKind.REST:
            name = "Rest"
        else:
            name = step.name
        self._show("#name", name)
        self._show("#target", self._target(step))

        if paused:
            hint = "Paused — the clock is stopped. Press space to go on."
        elif session.remaining() is None:
            hint = "Counting up · press Enter when the set is done"
        elif step.kind is StepKind.REST:
            hint = "Rest · + / - to change it by 15 s"
        else:
            hint = ""
        self._show("#hint", hint)

        cues = step.cues
        if step.kind in (StepKind.GET_READY, StepKind.REST):
            nxt = session.upcoming(1)
            cues = nxt[0].cues if nxt else ()
        self._show("#cues", "\n".join(f"• {c}" for c in cues[:3]))
        self._show("#next", next_text(session))
        self.refresh_time()

    def refresh_time(self) -> None:
        """Draw what moves within a step: the clock, its last seconds, the session's progress."""
        session = self.session
        clock = self.query_one(BigClock)
        remaining = session.remaining()
        final = False
        if remaining is None:
            shown = format_clock(math.floor(session.elapsed()))
        else:
            whole = math.ceil(remaining - 1e-6)
            shown = format_clock(whole)
            final = 0 < whole <= COUNTDOWN and not session.paused and not session.finished
        clock.text = shown
        clock.set_class(final, "-final")

        # The big clock changes every second; the bar moves by whole percents and the
        # session times by minutes, so an idle second repaints one widget.
        self.query_one(SessionBar).percent = math.floor(session.progress() * 100)
        self._show(
            "#times",
            f"{format_minutes(session.active_seconds)} done · "
            f"~{format_minutes(session.planned_remaining(), up=True)} left",
            width_follows_length=True,
        )

    def _show(self, selector: str, text: str, *, width_follows_length: bool = False) -> None:
        """Set a line's text, leaving it alone when unchanged.

        A Static's update re-lays out and repaints the whole screen, so setting the
        same text every second cost more CPU than the countdown itself (make bench).
        ``width_follows_length``: a one-line text whose size is its length, so a text
        of the same length needs no new layout (the "done · left" times).
        """
        old = self._shown.get(selector)
        if old == text:
            return
        self._shown[selector] = text
        same_size = width_follows_length and old is not None and len(old) == len(text)
        self.query_one(selector, Static).update(text, layout=not same_size)

    @staticmethod
    def _target(step: Step) -> str:
        if step.kind is StepKind.REST:
            return f"{step.duration} before {step.exercise}" if step.exercise else ""
        if step.kind is StepKind.GET_READY:
            return "Get in position"
        return step.target

    # -- the set entry ------------------------------------------------------
    def _open_entry(self, record: StepRecord) -> None:
        # Imported when first needed: not on the way to the first paint (make bench).
        from backtimer.tui.widgets.set_entry import SetEntry

        for old in self.query(SetEntry):
            old.remove()
        # Plausibility is judged against the plan's target, also when a saved set is
        # reopened (`e`) with its saved values shown.
        planned = self.session.plan.steps[record.index]
        entry = SetEntry(record, target_reps=planned.reps, target_weight=planned.weight, id="entry")
        self.query_one("#layout").mount(entry)
        entry.focus()

    def _save_open_entry(self, step: Step) -> None:
        """A set starts: an entry still open is saved as shown and closed.

        Otherwise Enter, meant to end the new set, would save the old one.
        """
        if step.kind not in (StepKind.SET, StepKind.WARMUP_SET):
            return
        from backtimer.tui.widgets.set_entry import SetEntry, saved_text

        for entry in self.query(SetEntry):
            record = entry.record
            try:
                reps, weight, rpe = entry.parsed()
                doubt = entry.doubt()
                if doubt is not None:
                    raise ValueError(doubt[1])
                saved = self.session.log_set(record.index, reps=reps, weight=weight, rpe=rpe)
            except ValueError as error:
                name = record.exercise or record.name
                self.notify(
                    f"{name}: not saved ({error}); kept as it was. Press e to correct it.",
                    severity="warning",
                    timeout=4,
                )
            else:
                self.notify(saved_text(saved), timeout=2)
        self._close_entry()

    def on_set_entry_submitted(self, message: SetEntry.Submitted) -> None:
        from backtimer.tui.widgets.set_entry import saved_text

        try:
            saved = self.session.log_set(
                message.record.index, reps=message.reps, weight=message.weight, rpe=message.rpe
            )
        except ValueError as error:
            self.notify(str(error), severity="error")
            return
        self._close_entry()
        self.notify(saved_text(saved), timeout=2)

    def on_set_entry_closed(self, message: SetEntry.Closed) -> None:
        self._close_entry()

    def _close_entry(self) -> None:
        entries = self.query("SetEntry")
        if not entries:
            return
        for entry in entries:
            entry.remove()
        self.set_focus(None)

    def action_edit_last_set(self) -> None:
        """Reopen the entry of the last finished set, to correct what was saved."""
        for record in reversed(self.session.records):
            if record.is_set and record.outcome is Outcome.DONE and record.reps is not None:
                self._open_entry(record)
                return
        self.notify("No set to correct yet.", timeout=2)

    # -- commands -----------------------------------------------------------
    def _command(self, method: Callable[..., object], *args: object) -> None:
        method(*args)
        self.sync()

    def action_toggle_pause(self) -> None:
        self._command(self.session.toggle_pause)

    def action_done(self) -> None:
        self._command(self.session.done)

    def action_skip(self) -> None:
        self._command(self.session.skip)

    def action_back(self) -> None:
        self._command(self.session.back)

    def action_rest(self, delta: int) -> None:
        if self.session.step.kind is not StepKind.REST:
            self.notify("+ and - change a rest; this step is not one.", timeout=2)
            return
        self._command(self.session.adjust_rest, delta)

    def action_request_quit(self) -> None:
        from backtimer.tui.screens.dialogs import ConfirmQuit

        def answered(stop: bool | None) -> None:
            if stop:
                self._command(self.session.quit)

        self.app.push_screen(ConfirmQuit(), answered)

    def action_help(self) -> None:
        from backtimer.tui.screens.dialogs import HelpScreen

        # Ctrl+C is the App's (it works over the dialogs too): listed with the screen's keys.
        keys = [b for b in [*self.BINDINGS, *self.app.BINDINGS] if isinstance(b, Binding)]
        self.app.push_screen(HelpScreen(keys))
