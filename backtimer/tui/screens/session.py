"""The session screen: what to do now, how long is left, what comes next.

Read from two metres away: the exercise, its target and the time are drawn
large (scaled to the terminal, like the clock), the whole screen is tinted by
phase, and during a rest the next set and its load are what is shown large —
the rest is when plates are changed. For a rep-based set the target is the main
element; the time counting up is a plain line.

It renders the engine's state and forwards keys to it; it holds no workout
logic. Time moves through one one-shot timer set for the engine's next wake-up
(the next displayed second, or the deadline), so the screen changes once a
second and a step change happens on time, without polling.
"""

from __future__ import annotations

import math
import textwrap
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
    LEAD_INS,
    PHASE_TITLES,
    Countdown,
    Event,
    Halfway,
    Outcome,
    Paused,
    Phase,
    Resumed,
    Session,
    SessionEnded,
    State,
    Status,
    Step,
    StepEnded,
    StepKind,
    StepStarted,
)
from backtimer.formatting import format_clock, format_duration, format_minutes, format_number
from backtimer.tui.widgets.bigclock import BigClock
from backtimer.tui.widgets.bigtext import BigText
from backtimer.tui.widgets.session_bar import SessionBar

if TYPE_CHECKING:
    from backtimer.engine import StepRecord
    from backtimer.tui.widgets.set_entry import SetEntry

#: Below this size the screen is compact: no cues or hint; the big texts and the
#: clock become plain text when they no longer fit, and the footer keeps Quit and Help.
COMPACT_WIDTH = 40
COMPACT_HEIGHT = 18
#: Seconds each page of form cues is shown when they do not all fit at once.
CUE_PAGE_SECONDS = 4
#: Seconds a record just broken stays on the banner.
RECORD_SECONDS = 8


def big_target(step: Step) -> str:
    """The target as it is drawn large: ``8 × 40 kg``, ``8 reps``, ``20 kg``, or ""."""
    weight = (
        f"{format_number(step.weight)} {step.unit}"
        if step.weight is not None and step.is_set
        else ""
    )
    if step.reps is not None:
        return f"{step.reps} × {weight}" if weight else f"{step.reps} reps"
    return weight  # a timed step: the clock shows its length


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def main_texts(step: Step, coming: Step | None) -> tuple[str, str, str]:
    """The large lines: what (the exercise), which set (during a rest), how much.

    During a rest and a get-ready they describe the step that comes next, with its
    set number: that is what the lifter prepares for (and loads the bar for).
    """
    if step.leads_in:
        if coming is None:
            return ("Last rest" if step.kind is StepKind.REST else step.exercise or ""), "", ""
        name = step.exercise if step.kind is StepKind.GET_READY and step.exercise else coming.name
        return name, coming.label, big_target(coming)
    return step.name, step.side_label if step.is_set else "", big_target(step)


def memory_text(step: Step, coming: Step | None) -> str:
    """Last time and the load of the set shown large: ``Last: 40 kg × 11 · bar + 20 per side``.

    During a rest and a get-ready, of the coming set (the plates are changed then).
    """
    shown = coming if step.leads_in else step
    if shown is None or not shown.is_set:
        return ""
    return "  ·  ".join(text for text in (shown.last, shown.load) if text)


def _group_words(step: Step) -> str:
    """``SUPERSET A · Round 2 of 3``: the group's kind in capitals, as the banner says it."""
    kind, _, rest = step.group_label.partition(" ")
    return f"{kind.upper()} {rest}" if rest else kind.upper()


def banner_text(step: Step, paused: bool, coming: Step | None = None) -> str:
    """The phase row: ``WORK · set 2 of 3``, ``REST · up next``, ``PAUSED · …``.

    In a group it says where in it: ``SUPERSET A · Round 2 of 3 · Face pull``, and
    ``· Left side`` on a side; a rest or switch before a round names that round.
    """
    if step.group and step.is_set and step.round is not None:  # warm-ups precede rounds
        text = f"{_group_words(step)} · {step.exercise or step.name}"
        if step.side_label:
            text += f" · {step.side_label}"
    elif step.leads_in:
        title = "SWITCH" if step.kind is StepKind.TRANSITION else PHASE_TITLES[step.phase]
        text = f"{title} · up next"
        if coming is not None and coming.group and coming.round is not None:
            text += f" · {_group_words(coming)}"
        elif coming is not None and step.kind is StepKind.TRANSITION and coming.side_label:
            text += f" · {coming.side_label}"
    else:
        text = PHASE_TITLES[step.phase]
        if step.label:
            text += f" · {_lower_first(step.label)}"
    if paused:
        text = f"PAUSED · space to go on · {text}"
    return text


def next_text(session: Session, width: int) -> str:
    """What comes after what is shown large, in at most ``width`` columns.

    ``Next: Rest 1m30s, then Deadlift, set 1 of 3``. During a rest or a get-ready,
    the coming step is already shown large, so this line starts after it. Shortened
    with intent when narrow: the "then" part goes first, then the set number.
    """
    step = session.step
    skip = 1 if step.leads_in else 0
    upcoming = session.upcoming(2 + skip)[skip:]
    word = "Then" if skip else "Next"
    choices = []
    if step.kind in (StepKind.REST, StepKind.GET_READY):  # before a round: all of it
        members = round_members(session.plan.next_round(step.index))
        if members:
            choices.append(f"This round: {members}")
    if not upcoming:
        choices.append(f"{word}: the end — well done")
    else:
        first = upcoming[0]
        if len(upcoming) > 1:
            choices.append(f"{word}: {first.title}, then {upcoming[1].title}")
        choices.append(f"{word}: {first.title}")
        if first.kind is not StepKind.REST:
            choices.append(f"{word}: {first.name}")
    for text in choices:
        if len(text) <= width:
            return text
    return textwrap.shorten(choices[-1], max(len(word) + 4, width), placeholder="…")


def round_members(steps: tuple[Step, ...]) -> str:
    """A round's sets in words, when it has more than one exercise or side:
    ``Single-arm dumbbell row left, right → Face pull 15 reps``; else ""."""
    sets = [s for s in steps if s.is_set]
    if len(sets) < 2:
        return ""
    parts: list[tuple[str, list[str], str]] = []
    for s in sets:
        name = s.exercise or s.name
        if parts and parts[-1][0] == name:
            parts[-1][1].append(s.side or "")
        else:
            parts.append((name, [s.side or ""], big_target(s) or s.target))
    words = []
    for name, sides, target in parts:
        shown = ", ".join(side for side in sides if side)
        words.append(" ".join(w for w in (name, shown, target) if w))
    return " → ".join(words)


def times_text(done: float, left: float) -> str:
    """The session's time so far and left: ``42s done · ~44m left``, ``3m done · …``."""
    shown = f"{math.floor(done)}s" if done < 60 else format_minutes(done)
    return f"{shown} done · ~{format_minutes(left, up=True)} left"


def cue_pages(cues: tuple[str, ...], rows: int, width: int) -> list[list[str]]:
    """The cues split into pages of at most ``rows`` screen rows (a cue may wrap).

    All on one page when they fit; else the screen shows each page in turn.
    """
    pages: list[list[str]] = [[]]
    used = 0
    for cue in cues:
        height = len(textwrap.wrap(f"• {cue}", max(10, width))) or 1
        if pages[-1] and used + height > rows:
            pages.append([])
            used = 0
        pages[-1].append(cue)
        used += height
    return pages if pages[-1] else [[]]


def phase_classes(phase: Phase, paused: bool) -> dict[str, bool]:
    """The layout's classes for ``phase``: one per phase (set for this one), and paused."""
    classes = {f"-{p.value.replace('_', '-')}": p is phase for p in Phase}
    return {**classes, "-paused": paused}


#: + and - share one footer entry, so every key fits an 80-column footer.
TIME_KEYS = Binding.Group("±15s", compact=True)


class SessionScreen(Screen[None]):
    """Walks the user through a session."""

    # Toasts (a saved set, a warning) are raised above the Next line and the progress
    # bar, so they never cover them: the footer, progress and Next rows stay clear.
    DEFAULT_CSS = """
    SessionScreen ToastRack { margin-bottom: 3; }
    """

    # In the order the footer shows them: on a narrow terminal the footer ends where
    # the screen does, so Quit and Help come first and stay reachable at any width.
    BINDINGS = [
        Binding("q", "request_quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("enter", "done", "Done"),
        Binding("space", "pause", "Pause"),
        Binding("space", "resume", "Resume"),  # one of the two is shown (check_action)
        Binding("s", "skip", "Skip"),
        Binding("b", "back", "Back"),
        Binding(
            "plus,equals_sign",
            "rest(15)",
            "+15 s",
            key_display="+",
            group=TIME_KEYS,
            tooltip="15 s more on any step with a clock",
        ),
        Binding(
            "minus,underscore",
            "rest(-15)",
            "-15 s",
            key_display="-",
            group=TIME_KEYS,
            tooltip="15 s less (it stops at 5 s left)",
        ),
        Binding("n", "note", "Note", tooltip="Add a note to the exercise or the session"),
        # A presentation clicker sends PageDown/PageUp (or Right/Left): Done and Back.
        Binding(
            "pagedown,right", "clicker_done", "Done (clicker)", key_display="PgDn→", show=False
        ),
        Binding("pageup,left", "back", "Back (clicker)", key_display="PgUp←", show=False),
        Binding("r", "app.show_remote", "Phone remote", show=False),
        # Not in the footer (no room at 80 columns): on the help screen (?).
        Binding("e", "edit_last_set", "Correct the last set", show=False),
    ]

    def __init__(self, session: Session, *, ascii_only: bool = False) -> None:
        super().__init__()
        self.session = session
        self.ascii_only = ascii_only  # the clock and bar in ASCII: a terminal not UTF-8
        self._timer: Timer | None = None
        self._pending: list[Event] = []
        self._shown: dict[str, str] = {}  # the text of each line, see _show
        self._cue_pages: list[list[str]] = [[]]
        self._record: str | None = None  # a record just broken, on the banner a while
        self._end_after_entry = False  # the session is over once the last entry is done
        # Sets of a round under way whose entries wait for the round's rest (one form
        # for the round: the flow stays one key per set).
        self._deferred: list[StepRecord] = []
        self.compact = False
        session.subscribe(self._on_event)

    @dataclass
    class Ended(Message):
        """The session is over (completed or quit): time for the summary."""

    def _on_event(self, event: Event) -> None:
        # The countdown and halfway are the cues' (a beep, the voice); on screen the
        # clock shows them anyway.
        if not isinstance(event, (Countdown, Halfway)):
            self._pending.append(event)

    # -- layout -------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # Composed with the first step's classes, the first paint needs no restyle.
        first = phase_classes(self.session.step.phase, self.session.paused)
        with Vertical(id="layout", classes=" ".join(c for c, on in first.items() if on)):
            # Every line is in a group: when the clock repaints, Textual renders every
            # widget whose container overlaps it, so grouped, their renders are skipped
            # each second (make bench, CPU and Fixes).
            with Vertical(id="top"):
                yield Static(id="banner", markup=False)
            with Vertical(id="now"):
                yield BigText(id="name", ascii_only=self.ascii_only)
                yield BigText(id="detail", ascii_only=self.ascii_only)
                yield BigText(id="target", ascii_only=self.ascii_only)
                yield Static(id="memory", markup=False)
            yield BigClock(id="clock", ascii_only=self.ascii_only)
            with Vertical(id="then"):
                yield Static(id="hint", markup=False)
                yield Static(id="cues", markup=False)
                yield Static(id="next", markup=False)
                with Horizontal(id="progress-row"):
                    yield SessionBar(id="progress", ascii_only=self.ascii_only)
                    yield Static(id="times", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        if self.session.state is State.READY:
            self.session.start()
        self.sync()

    def on_resize(self, event: Resize) -> None:
        self.compact = event.size.width < COMPACT_WIDTH or event.size.height < COMPACT_HEIGHT
        self.set_class(self.compact, "-compact")
        # The Next line and the cue pages are fitted to the width and height.
        self._shown.pop("#cues", None)
        self._fit_cues()
        if self._shown:  # drawn already: redraw what depends on the size, not every line
            self._show("#next", next_text(self.session, event.size.width - 2))
            self.query_one("#hint").display = bool(self._shown.get("#hint")) and not self.compact
            self.refresh_time()

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
                    self._deferred.append(record)
                if self._deferred and not self._in_round_of(self._deferred[-1]):
                    self._open_entries(self._deferred)
                    self._deferred = []
            elif isinstance(event, (Paused, Resumed)):
                self.refresh_bindings()  # the footer's Pause becomes Resume and back
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
                if self._deferred:  # the session ended in a round: its entries now
                    self._open_entries(self._deferred)
                    self._deferred = []
                if self.query("SetEntry") and event.status is Status.COMPLETED:
                    # The last set's entry first (under the summary it was lost),
                    # then the summary, when it is saved or closed.
                    self._end_after_entry = True
                    self._show("#hint", "Last set: Enter saves it, then the summary")
                    self.query_one("#hint").display = True
                    return
                self._save_entries()  # stopped with an entry open: kept as shown
                self.post_message(self.Ended())
                return

    def _step_changed(self, step: Step) -> None:
        # The bell and the voice are the session's cues (a subscriber of their own).
        self.refresh_bindings()  # + and - are shown only on a step with a clock
        self._fit_cues()
        if self._shown:  # the first step has nothing on screen to change from
            self.flash()

    def show_record(self, texts: list[str]) -> None:
        """A personal record fell: the banner says so, in gold, for a few seconds."""
        self._record = " · ".join(texts)
        self.query_one("#layout").add_class("-record")
        self.refresh_view()

        def over() -> None:
            self._record = None
            self.query_one("#layout").remove_class("-record")
            self.refresh_view()

        self.set_timer(RECORD_SECONDS, over)

    def flash(self) -> None:
        """A visual cue (for muted terminals): the banner inverts for a moment."""
        banner = self.query_one("#banner")
        banner.add_class("-flash")
        self.set_timer(0.4, lambda: banner.remove_class("-flash"))

    # -- drawing ------------------------------------------------------------
    def _coming(self) -> Step | None:
        upcoming = self.session.upcoming(1)
        return upcoming[0] if upcoming else None

    def _shown_cues(self) -> tuple[str, ...]:
        step = self.session.step
        if step.leads_in:
            coming = self._coming()
            return coming.cues if coming is not None else ()
        return step.cues

    def _fit_cues(self) -> None:
        """Split the cues into pages that fit the rows the screen gives them."""
        rows = 0 if self.compact else max(1, min(8, self.size.height // 9))
        cues = self._shown_cues()
        self._cue_pages = cue_pages(cues, rows, self.size.width - 6) if rows else [[]]
        if self.is_mounted:
            shown = self.query_one("#cues", Static)
            shown.styles.height = min(rows, max(len(p) for p in self._cue_pages)) or None
            shown.display = bool(rows and cues)

    def refresh_view(self) -> None:
        """Draw everything: the step, its cues, what comes next, and the time."""
        session = self.session
        step = session.step
        paused = session.paused
        layout = self.query_one("#layout")
        # One batch: each class changed on its own restyles the whole layout again.
        layout.update_classes(
            {
                **phase_classes(step.phase, paused),
                # A rep-based set: the target is the main element, the time a plain line.
                "-reps": step.is_set and not step.timed,
            }
        )
        banner = banner_text(step, paused, self._coming())
        if self._record is not None and not paused:
            banner = f"NEW RECORD · {self._record}"
        self._show("#banner", banner)
        for selector, text in zip(
            ("#name", "#detail", "#target"), main_texts(step, self._coming()), strict=True
        ):
            big = self.query_one(selector, BigText)
            big.text = text
            big.display = bool(text)
        memory = memory_text(step, self._coming())
        self._show("#memory", memory)
        self.query_one("#memory").display = bool(memory)

        if paused:
            hint = "Paused — the clock is stopped. Press space to go on."
        elif session.remaining() is None:
            hint = "Counting up · press Enter when the set is done"
        else:
            hint = ""
        self._show("#hint", hint)
        self.query_one("#hint").display = bool(hint) and not self.compact
        self._show("#next", next_text(session, self.size.width - 2))
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

        # The cues that do not fit at once take turns, a page every few seconds.
        page = int(session.elapsed() // CUE_PAGE_SECONDS) % len(self._cue_pages)
        self._show("#cues", "\n".join(f"• {c}" for c in self._cue_pages[page]))

        # The big clock changes every second; the bar moves by whole percents and the
        # session times by minutes, so an idle second repaints one widget.
        self.query_one(SessionBar).percent = math.floor(session.progress() * 100)
        self._show(
            "#times",
            times_text(session.active_seconds, session.planned_remaining()),
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

    # -- the set entry ------------------------------------------------------
    def _in_round_of(self, record: StepRecord) -> bool:
        """Whether the step under way is in the same round as ``record``'s set (the next
        member or side, or the switch to it): its entry waits for the round's rest."""
        session = self.session  # a rest or any step outside a round has no round
        if session.finished:
            return False
        return any(s.index == record.index for s in session.plan.round_of(session.step.index))

    def _open_entries(self, records: list[StepRecord]) -> None:
        """One entry per set, stacked (a round's sets together); the first has the focus,
        and each Enter saves one and moves to the next."""
        # Imported when first needed: not on the way to the first paint (make bench).
        from backtimer.tui.widgets.set_entry import SetEntry

        for old in self.query(SetEntry):
            old.remove()
        for form in self.query("#round-entry"):
            form.remove()
        row = len(records) > 1
        entries = []
        for n, record in enumerate(records):
            # Plausibility is judged against the plan's target, also when a saved set is
            # reopened (`e`) with its saved values shown.
            planned = self.session.plan.steps[record.index]
            entries.append(
                SetEntry(
                    record,
                    target_reps=planned.reps,
                    target_weight=planned.weight,
                    id="entry" if n == 0 else f"entry-{n + 1}",
                    row=row,
                )
            )
        if row:  # a round: one form, a line per set
            first = self.session.plan.steps[records[0].index]
            form = Vertical(*entries, id="round-entry")
            form.border_title = f"Done: {first.group_label or 'this round'}"
            form.border_subtitle = "Enter saves each · Tab next field · Esc later"
            self.query_one("#layout").mount(form)
            # The rows mount with their form, after this: focused once they are in
            # (else Enter, meant for the first row, would end the rest).
            self.call_after_refresh(entries[0].focus)
        else:
            self.query_one("#layout").mount_all(entries)
            entries[0].focus()

    def _open_entry(self, record: StepRecord) -> None:
        self._open_entries([record])

    def _save_open_entry(self, step: Step) -> None:
        """A set starts: an entry still open is saved as shown and closed.

        Otherwise Enter, meant to end the new set, would save the old one.
        """
        if step.kind in (StepKind.SET, StepKind.WARMUP_SET):
            self._save_entries()

    def _save_entries(self) -> None:
        """Save an open entry with the values it shows, and close it."""
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
        self._close_entry(message.record)
        self.notify(saved_text(saved), timeout=2)

    def on_set_entry_closed(self, message: SetEntry.Closed) -> None:
        self._close_entry(message.record)

    def _close_entry(self, record: StepRecord | None = None) -> None:
        """Close the entry of ``record`` (all of them: ``None``); the next one left gets
        the focus, and once none is left a session that is over shows its summary."""
        from backtimer.tui.widgets.set_entry import SetEntry

        entries = list(self.query(SetEntry))
        if not entries:
            return
        closing = [e for e in entries if record is None or e.record.index == record.index]
        for entry in closing:
            entry.remove()
        left = [e for e in entries if e not in closing]
        if left:
            left[0].focus()
            return
        for form in self.query("#round-entry"):
            form.remove()
        self.set_focus(None)
        if self._end_after_entry:
            self._end_after_entry = False
            self.post_message(self.Ended())

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # space is Pause or Resume, and the footer says which; + and - only on a clock.
        if action == "pause":
            return not self.session.paused
        if action == "resume":
            return self.session.paused
        if action == "rest":
            return self.session.step.timed and not self.session.finished
        return True

    def action_pause(self) -> None:
        self._command(self.session.pause)

    def action_resume(self) -> None:
        self._command(self.session.resume)

    def action_done(self) -> None:
        self._command(self.session.done)

    def action_clicker_done(self) -> None:
        """A clicker's PageDown (or Right): with a set's entry open, save it as shown (the
        prefilled target, or what was typed); else Done."""
        from backtimer.tui.widgets.set_entry import SetEntry

        entries = list(self.query(SetEntry))
        if entries:
            focused = next((e for e in entries if e.has_focus), entries[0])
            focused.action_submit()
            return
        self.action_done()

    # -- the phone remote ------------------------------------------------------
    def remote_state(self) -> dict[str, object]:
        """What the phone shows: the big texts as words, the clock, the phase, paused."""
        session = self.session
        step = session.step
        name, detail, target = main_texts(step, self._coming())
        remaining = session.remaining()
        if remaining is None:
            time = format_clock(math.floor(session.elapsed()))
        else:
            time = format_clock(math.ceil(remaining - 1e-6))
        words = " · ".join(t for t in (detail, target) if t)
        return {
            "title": banner_text(step, session.paused, self._coming()),
            "detail": f"{name} — {words}" if words else name,
            "time": time,
            "phase": str(step.phase),
            "paused": session.paused,
        }

    def remote_command(self, name: str) -> None:
        """A button on the phone, as the key here: Done (or save the open entry), Pause or
        Resume, +15 s, Skip, Back."""
        if name == "done":
            self.action_clicker_done()
        elif name == "pause":
            self.action_resume() if self.session.paused else self.action_pause()
        elif name == "plus":
            self.action_rest(15)
        elif name == "skip":
            self.action_skip()
        elif name == "back":
            self.action_back()

    def action_skip(self) -> None:
        self._command(self.session.skip)

    def action_back(self) -> None:
        self._command(self.session.back)

    def action_rest(self, delta: int) -> None:
        if not self.session.step.timed:
            self.notify("+ and - change a timed step; a rep set has no clock.", timeout=2)
            return
        self._command(self.session.adjust_time, delta)

    def note_exercise(self) -> str | None:
        """The exercise a note is about by default: the one under way, or during a rest
        or a get-ready the one just done (what a lifter comments on), else the next."""
        step = self.session.step
        if step.leads_in:
            for record in reversed(self.session.records):
                if record.exercise and record.kind not in LEAD_INS:
                    return record.exercise
        return step.exercise

    def action_note(self) -> None:
        """Ask for a note (the session goes on meanwhile); it is in the log at once."""
        from backtimer.tui.screens.note import NoteDialog, NoteResult

        def written(result: NoteResult | None) -> None:
            if result is None:
                return
            try:
                self.session.add_note(result.text, exercise=result.exercise)
            except ValueError as error:
                self.notify(f"Note not saved: {error}", severity="error", markup=False)
                return
            about = result.exercise or "the session"
            self.notify(f"Note kept with {about}.", timeout=2, markup=False)

        self.app.push_screen(NoteDialog(self.note_exercise()), written)

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
