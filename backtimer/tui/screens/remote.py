"""The phone remote's QR code and URL, shown over the session when it starts (and on r)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from backtimer.tui.remote import qr_text


class RemoteScreen(ModalScreen[None]):
    """Scan the code (or type the URL) on a phone on the same network; any key closes."""

    DEFAULT_CSS = """
    RemoteScreen { align: center middle; }
    RemoteScreen > Vertical {
        width: auto; height: auto; max-height: 100%;
        padding: 0 1; border: round $accent; background: $surface;
    }
    RemoteScreen #qr { width: auto; color: white; background: black; }
    RemoteScreen #url, RemoteScreen #how { width: auto; max-width: 76; }
    """

    BINDINGS = [Binding("enter,escape,r,space", "close", "Close")]

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def compose(self) -> ComposeResult:
        with Vertical():
            code = qr_text(self.url)
            if code:
                yield Static(code, id="qr", markup=False)
            yield Static(self.url, id="url", markup=False)
            yield Static(
                "Phone remote: scan the code, or open the link, on a phone on this network. "
                "The session runs meanwhile; Enter closes this, r shows it again.",
                id="how",
                markup=False,
            )

    def on_resize(self) -> None:
        # A code that does not fit would not scan: the link alone then.
        code = self.query("#qr")
        if code:
            lines = qr_text(self.url).splitlines()
            code.first().display = len(lines) + 4 < self.size.height and (
                len(lines[0]) + 4 < self.size.width
            )

    def action_close(self) -> None:
        self.dismiss(None)
