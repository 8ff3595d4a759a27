"""Pick a routine: shipped and user routines with their length and a preview.

The list notices routine files that are added, removed or changed on disk and
reloads them; an invalid file is listed with its problems in the preview
instead of breaking the picker.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from backtimer.engine import Plan, StepKind, expand
from backtimer.errors import BacktimerError, RoutineError
from backtimer.routine import load_routine, visible_routines

#: How often (seconds) the picker looks for changed routine files.
RELOAD_EVERY = 1.0


@dataclass
class Entry:
    """One routine file as the picker shows it."""

    path: Path
    source: str
    mtime: float
    plan: Plan | None = None
    error: str = ""
    #: The user's copy of a shipped routine, listed instead of it.
    shadows: bool = False

    @property
    def mark(self) -> str:
        """What follows the name of the user's copy of a shipped routine."""
        return " (your copy)" if self.shadows else ""

    @property
    def title(self) -> str:
        if self.plan is None:
            return f"{self.path.name}  [invalid]"
        return self.plan.routine.name

    def line(self) -> str:
        if self.plan is None:
            return (
                f"[red]✗ {escape(self.path.name)}[/red]{self.mark} — has problems ({self.source})"
            )
        return (
            f"[b]{escape(self.plan.routine.name)}[/b]{self.mark}  "
            f"[dim]{escape(self.plan.describe_total())} · {self.source}[/dim]"
        )


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime_ns / 1e9
    except OSError:
        return -1.0


def load_entry(path: Path, source: str, shadows: bool = False) -> Entry:
    """Load one routine for the picker, keeping its problems when it is invalid."""
    entry = Entry(path, source, _mtime(path), shadows=shadows)
    try:
        entry.plan = expand(load_routine(path))
    except RoutineError as error:
        entry.error = "\n".join(str(p) for p in error.problems)
    except BacktimerError as error:
        entry.error = str(error)
    return entry


def preview(entry: Entry) -> str:
    """The preview pane: description and steps, or the file's problems."""
    if entry.plan is None:
        return (
            f"[b red]{escape(str(entry.path))} has problems:[/b red]\n\n{escape(entry.error)}\n\n"
            "[dim]Fix the file in your editor; this list reloads it by itself.[/dim]"
        )
    plan = entry.plan
    routine = plan.routine
    lines = [f"[b]{escape(routine.name)}[/b]"]
    if routine.description:
        lines.append(escape(routine.description))
    kind = "your copy of the shipped routine" if entry.shadows else f"{entry.source} routine"
    lines.append(f"[dim]{escape(entry.path.name)} · {kind}[/dim]")
    lines.append(f"\n[b]{len(plan.steps)} steps · {escape(plan.describe_total())}[/b]\n")
    for step in plan.steps:
        if step.kind is StepKind.GET_READY:
            continue
        target = step.target if step.kind is not StepKind.REST else ""
        lines.append(f"  {escape(step.title)}  [dim]{escape(target)}[/dim]")
    return "\n".join(lines)


class PickerScreen(Screen[Plan]):
    """Choose a routine; Enter starts it (dismisses with its plan)."""

    DEFAULT_CSS = """
    #picker { height: 1fr; }
    #routines { width: 2fr; height: 1fr; border: round $accent; }
    #preview-pane { width: 3fr; height: 1fr; border: round $secondary; padding: 0 1; }
    """
    BINDINGS = [
        # Priority: the list would take Enter first and hide "Start" from the footer.
        Binding("enter", "start", "Start", priority=True),
        Binding("r", "reload", "Reload"),
        Binding("q,escape", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Entry] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="picker"):
            yield OptionList(id="routines")
            with VerticalScroll(id="preview-pane"):
                yield Static(id="preview")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "backtimer"
        self.sub_title = "pick a routine"
        self.load()
        self.query_one(OptionList).focus()
        self.set_interval(RELOAD_EVERY, self.reload_changed, name="picker-reload")

    def _scan(self) -> list[tuple[Path, str, bool]]:
        # A user copy of a shipped routine is listed once, in its place.
        return [(ref.path, ref.source, ref.shadows) for ref in visible_routines()]

    def load(self) -> None:
        """Load every routine file and fill the list."""
        self.entries = [load_entry(*found) for found in self._scan()]
        self._fill()

    def reload_changed(self) -> bool:
        """Reload files that were added, removed or changed; return whether any were."""
        found = self._scan()
        known = {(e.path, e.source, e.shadows): e for e in self.entries}
        changed = [key for key in known if key not in found] != [] or len(found) != len(known)
        entries = []
        for path, source, shadows in found:
            old = known.get((path, source, shadows))
            if old is not None and old.mtime == _mtime(path):
                entries.append(old)
            else:
                entries.append(load_entry(path, source, shadows))
                changed = True
        if changed:
            self.entries = entries
            self._fill()
        return changed

    def _fill(self) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        current = None
        if highlighted is not None and highlighted < options.option_count:
            current = options.get_option_at_index(highlighted).id
        options.clear_options()
        options.add_options(Option(e.line(), id=str(e.path)) for e in self.entries)
        if not self.entries:
            self.query_one("#preview", Static).update("No routines found.")
            return
        ids = [str(e.path) for e in self.entries]
        options.highlighted = ids.index(current) if current in ids else highlighted or 0
        self._show_preview()

    def _show_preview(self) -> None:
        entry = self.selected
        if entry is not None:
            self.query_one("#preview", Static).update(preview(entry))

    @property
    def selected(self) -> Entry | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.entries):
            return None
        return self.entries[index]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_preview()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_start()

    def action_reload(self) -> None:
        self.load()

    def action_start(self) -> None:
        entry = self.selected
        if entry is None:
            return
        if entry.plan is None:
            self.notify(
                "This routine has problems; fix them first (see the preview).",
                title="Cannot start",
                severity="error",
            )
            return
        self.dismiss(entry.plan)
