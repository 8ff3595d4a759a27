"""The phone as a remote: a small web page on the local network that drives the session.

``backtimer run ROUTINE --remote`` serves, in the App's own event loop (aiohttp, the
optional extra ``backtimer[remote]``), one page with the current step, the time left and
five big buttons — Done, Pause/Resume, +15 s, Skip, Back — and two JSON endpoints the
page polls and posts to. The laptop's screen stays the display; the keyboard keeps
working beside it.

Safety, by construction:

- it listens only when ``--remote`` is given, on one address (the LAN address unless
  ``--remote-bind`` says otherwise; never every interface unless asked);
- every request carries a random per-run token (in the QR code's URL); a request without
  it, or with another, gets 403;
- only the five commands exist, each a fixed method of the session screen; nothing a
  request sends is run, opened or shown as markup (the step's texts go out as JSON,
  the page sets them with ``textContent``).
"""

from __future__ import annotations

import contextlib
import hmac
import secrets
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aiohttp import web

#: The commands a remote may send, by the names the page posts.
COMMANDS = ("done", "pause", "plus", "skip", "back")
#: The port tried first (another free one is taken when it is busy).
DEFAULT_PORT = 8765
#: What the page shows when no session runs.
IDLE = {"title": "backtimer", "detail": "", "time": "", "phase": "idle", "paused": False}


class RemoteUnavailable(Exception):
    """The remote cannot run: aiohttp is not installed, or the address cannot be bound."""


def lan_address() -> str:
    """This machine's address on the local network (the one a route to the internet
    would leave from; nothing is sent), else the loopback address."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, never sent to
        address = str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()
    return address if not address.startswith("0.") else "127.0.0.1"


@dataclass
class Remote:
    """A running remote: where it listens and the URL (with its token) to open."""

    host: str
    port: int
    token: str
    runner: Any  # aiohttp's AppRunner

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/?t={self.token}"

    async def stop(self) -> None:
        """Stop listening; a page still open just sees the connection refused."""
        with contextlib.suppress(Exception):
            await self.runner.cleanup()


def _page() -> str:
    """The phone's page: the step, the time, five buttons; no outside resource."""
    buttons = "".join(
        f'<button data-c="{c}">{label}</button>'
        for c, label in (
            ("done", "Done"),
            ("pause", "Pause"),
            ("plus", "+15 s"),
            ("skip", "Skip"),
            ("back", "Back"),
        )
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>backtimer</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 0; padding: 1rem; background: #111;
       color: #eee; text-align: center; }}
#title {{ font-size: 1.6rem; font-weight: bold; margin: .5rem 0; }}
#detail {{ font-size: 1.1rem; opacity: .8; }}
#time {{ font-size: 4rem; font-variant-numeric: tabular-nums; margin: .5rem 0; }}
#buttons {{ display: grid; grid-template-columns: 1fr 1fr; gap: .8rem; }}
button {{ font-size: 1.6rem; padding: 1.4rem .5rem; border-radius: .8rem; border: 0;
          background: #2a6; color: #fff; }}
button[data-c="done"] {{ grid-column: span 2; font-size: 2.2rem; padding: 2rem; }}
button[data-c="pause"] {{ background: #c80; }}
button[data-c="skip"], button[data-c="back"] {{ background: #446; }}
#status {{ margin-top: 1rem; opacity: .6; }}
</style></head><body>
<div id="title">backtimer</div><div id="detail"></div><div id="time"></div>
<div id="buttons">{buttons}</div><div id="status"></div>
<script>
const token = new URLSearchParams(location.search).get("t") || "";
const q = "?t=" + encodeURIComponent(token);
function show(s) {{
  for (const k of ["title", "detail", "time"]) document.getElementById(k).textContent = s[k];
  document.querySelector('[data-c="pause"]').textContent = s.paused ? "Resume" : "Pause";
  document.getElementById("status").textContent = "";
}}
async function poll() {{
  try {{ show(await (await fetch("state" + q)).json()); }}
  catch (e) {{ document.getElementById("status").textContent = "not connected"; }}
}}
for (const b of document.querySelectorAll("button")) {{
  b.addEventListener("click", async () => {{
    try {{ show(await (await fetch("command/" + b.dataset.c + q, {{method: "POST"}})).json()); }}
    catch (e) {{ document.getElementById("status").textContent = "not connected"; }}
  }});
}}
poll(); setInterval(poll, 1000);
</script></body></html>
"""


def build_app(
    token: str,
    state: Callable[[], Mapping[str, object]],
    command: Callable[[str], None],
) -> web.Application:
    """The web application: the page, ``state`` and ``command/NAME``, all behind the token.

    Raises:
        RemoteUnavailable: aiohttp is not installed.
    """
    try:
        from aiohttp import web
    except ImportError:
        raise RemoteUnavailable(
            "The phone remote needs aiohttp: pip install 'backtimer[remote]'"
        ) from None

    @web.middleware
    async def check_token(request: web.Request, handler: Any) -> web.StreamResponse:
        given = request.query.get("t", "")
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise web.HTTPForbidden(text="This remote needs the link shown on the laptop.")
        response: web.StreamResponse = await handler(request)
        response.headers["Cache-Control"] = "no-store"
        return response

    async def page(request: web.Request) -> web.Response:
        return web.Response(text=_page(), content_type="text/html")

    async def read_state(request: web.Request) -> web.Response:
        return web.json_response(dict(state()))

    async def run_command(request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in COMMANDS:
            raise web.HTTPNotFound(text="No such command.")
        command(name)
        return web.json_response(dict(state()))

    app = web.Application(middlewares=[check_token], client_max_size=1024)
    app.router.add_get("/", page)
    app.router.add_get("/state", read_state)
    app.router.add_post("/command/{name}", run_command)
    return app


async def start(
    state: Callable[[], Mapping[str, object]],
    command: Callable[[str], None],
    *,
    host: str | None = None,
    port: int = DEFAULT_PORT,
    token: str | None = None,
) -> Remote:
    """Serve the remote on ``host`` (the LAN address by default) in the running loop.

    Raises:
        RemoteUnavailable: aiohttp is missing, or no port could be bound on ``host``.
    """
    from aiohttp import web

    token = token or secrets.token_urlsafe(16)
    host = host or lan_address()
    runner = web.AppRunner(build_app(token, state, command), access_log=None)
    await runner.setup()
    for tried in (port, 0):  # the usual port, else any free one
        site = web.TCPSite(runner, host, tried)
        try:
            await site.start()
        except OSError as error:
            if tried == 0:
                await runner.cleanup()
                raise RemoteUnavailable(f"cannot listen on {host}: {error.strerror}") from None
            continue
        server = site._server  # aiohttp keeps the bound socket here
        sockets = getattr(server, "sockets", None) or []
        bound = sockets[0].getsockname()[1] if sockets else tried
        return Remote(host, int(bound), token, runner)
    raise AssertionError("unreachable")  # pragma: no cover


def qr_text(url: str) -> str:
    """``url`` as a QR code in half-block characters (two modules a character row), or
    ``""`` when segno (``backtimer[remote]``) is not installed."""
    try:
        import segno
    except ImportError:
        return ""
    matrix = [list(row) for row in segno.make(url, error="l", boost_error=False).matrix]
    quiet = 2
    width = len(matrix[0]) + 2 * quiet
    rows = [[0] * width for _ in range(quiet)]
    rows += [[0] * quiet + [int(bool(c)) for c in row] + [0] * quiet for row in matrix]
    rows += [[0] * width for _ in range(quiet + len(rows) % 2)]
    # Light modules are drawn, dark ones left blank: read on a dark terminal as a
    # normal (dark on light) code.
    chars = {(0, 0): "█", (0, 1): "▀", (1, 0): "▄", (1, 1): " "}
    lines = []
    for top, bottom in zip(rows[::2], rows[1::2], strict=True):
        lines.append("".join(chars[(a, b)] for a, b in zip(top, bottom, strict=True)))
    return "\n".join(lines)
