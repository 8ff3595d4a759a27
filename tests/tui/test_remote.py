"""The phone remote (loopback only, bounded requests) and the clicker keys."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from backtimer.engine import FakeClock, StepKind
from backtimer.tui.remote import COMMANDS, qr_text
from backtimer.tui.screens.remote import RemoteScreen
from backtimer.tui.widgets.set_entry import SetEntry
from tests.tui.sessionkit import make_app, small_session

aiohttp = pytest.importorskip("aiohttp")

#: Every request of these tests: at most this long (never a hang).
TIMEOUT = aiohttp.ClientTimeout(total=5)


async def _remote_app(tmp_path: Path, clock: FakeClock):  # type: ignore[no-untyped-def]
    session = small_session(clock)
    app = make_app(session, clock, tmp_path, remote="127.0.0.1")
    return app, session


async def _wait_for_remote(app, pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(100):  # bounded: a second at most
        await pilot.pause(0.01)
        if app.remote is not None:
            return
    raise AssertionError("the remote did not start")


async def test_the_remote_drives_the_session_only_with_its_token(tmp_path: Path) -> None:
    clock = FakeClock()
    app, session = await _remote_app(tmp_path, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await _wait_for_remote(app, pilot)
        remote = app.remote
        assert remote is not None and remote.host == "127.0.0.1"
        assert isinstance(app.screen, RemoteScreen), "the QR code and link show at start"
        assert remote.url in str(app.screen.query_one("#url").render())
        base = f"http://127.0.0.1:{remote.port}"
        token = {"t": remote.token}
        async with aiohttp.ClientSession(timeout=TIMEOUT) as http:
            for url, params in (
                (f"{base}/state", {}),
                (f"{base}/state", {"t": "guess"}),
                (f"{base}/", {}),
            ):
                async with http.get(url, params=params) as response:
                    assert response.status == 403
            async with http.post(f"{base}/command/skip") as response:
                assert response.status == 403
            assert session.step.kind is StepKind.GET_READY, "a refused request changes nothing"
            async with http.get(f"{base}/", params=token) as response:
                page = await response.text()
                assert response.status == 200 and "Done" in page and "+15 s" in page
            async with http.get(f"{base}/state", params=token) as response:
                state = await response.json()
                assert state["phase"] == "get_ready" and state["detail"] == "Arm circles"
            async with http.post(f"{base}/command/skip", params=token) as response:
                assert (await response.json())["phase"] == "warmup"
            assert session.step.kind is StepKind.WARMUP
            async with http.post(f"{base}/command/pause", params=token) as response:
                assert (await response.json())["paused"] is True
            assert session.paused
            async with http.post(f"{base}/command/pause", params=token) as response:
                assert (await response.json())["paused"] is False
            left = session.remaining()
            async with http.post(f"{base}/command/plus", params=token):
                pass
            assert session.remaining() == pytest.approx((left or 0) + 15)
            async with http.post(f"{base}/command/back", params=token):
                pass  # the first move: nothing but a get-ready before it, so it restarts
            assert session.step.kind is StepKind.WARMUP and session.remaining() == 20
            async with http.post(f"{base}/command/rm", params=token) as response:
                assert response.status == 404, "only the five commands exist"
        # The keyboard keeps working beside it.
        await pilot.press("enter")  # closes the QR code
        before = session.index
        await pilot.press("s")
        assert session.index > before
    assert set(COMMANDS) == {"done", "pause", "plus", "skip", "back"}


async def test_a_dropped_connection_changes_nothing(tmp_path: Path) -> None:
    clock = FakeClock()
    app, session = await _remote_app(tmp_path, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await _wait_for_remote(app, pilot)
        assert app.remote is not None
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection("127.0.0.1", app.remote.port), timeout=5
        )
        writer.write(b"POST /command/skip?t=" + app.remote.token.encode() + b" HTTP/1.1\r\n")
        writer.close()  # gone before the request was whole
        await pilot.pause(0.05)
        assert session.step.kind is StepKind.GET_READY
        await pilot.press("enter", "s")
        assert session.step.kind is StepKind.WARMUP


def test_the_qr_code_is_a_square_of_half_blocks() -> None:
    lines = qr_text("http://192.168.1.20:8765/?t=abc").splitlines()
    assert len({len(line) for line in lines}) == 1
    assert len(lines) * 2 >= len(lines[0]) - 1  # two modules a character row
    assert set("".join(lines)) <= {"█", "▀", "▄", " "}


async def test_a_clicker_ends_a_set_saves_its_entry_and_goes_back(tmp_path: Path) -> None:
    """PageDown / Right mean Done (an open entry: saved as shown), PageUp / Left Back."""
    clock = FakeClock()
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        while session.step.kind is not StepKind.SET:
            await pilot.press("s")
        await pilot.press("pagedown")  # the set is done: its entry opens in the rest
        assert session.step.kind is StepKind.REST
        await pilot.pause()
        assert app.screen.query(SetEntry)
        await pilot.press("right")  # saved with its prefilled values; the rest goes on
        await pilot.pause()
        assert not app.screen.query(SetEntry) and session.step.kind is StepKind.REST
        saved = [r for r in session.records if r.kind is StepKind.SET]
        assert saved and saved[0].entered and saved[0].reps == 10
        await pilot.press("pageup")
        assert session.step.kind is StepKind.SET
        await pilot.press("left")
        assert session.step.kind is not StepKind.SET
