"""The client under a real X server (Xvfb, Qt's xcb platform), not only offscreen: a
desktop-only failure (a missing platform library, a doubled window title) cannot hide."""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import ServerProcess

XVFB = shutil.which("Xvfb")
XWININFO = shutil.which("xwininfo")
pytestmark = pytest.mark.skipif(
    XVFB is None, reason="Xvfb is not installed (Debian/Ubuntu: apt-get install xvfb; "
    "Fedora: dnf install xorg-x11-server-Xvfb): the real-X11 smoke test needs it"
)


@pytest.fixture
def display() -> Iterator[str]:
    """A private Xvfb on a display number it picks itself (-displayfd): never a collision."""
    assert XVFB is not None
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(
        [XVFB, "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 30)
        assert ready, "Xvfb did not start"
        number = os.read(read_end, 16).decode().strip()
        assert number.isascii() and number.isdigit(), number
        yield f":{number}"
    finally:
        os.close(read_end)
        xvfb.terminate()
        xvfb.wait(10)


def client_env(display: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "WAYLAND_DISPLAY"}
    return {**env, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display,
            "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path), **extra}


def test_the_login_window_paints_under_x11(display: str, tmp_path: Path,
                                           server: ServerProcess) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ticketdesk.client.app", "--server", server.address,
         "--lang", "en"],
        env=client_env(display, tmp_path, TICKETDESK_STARTUP_PROBE="1"),
        capture_output=True, text=True, timeout=60,
    )
    # the probe answers once the login window has been painted on the X server
    assert result.returncode == 0, result.stderr[-2000:]
    assert re.fullmatch(r"ticketdesk-ready \d+", result.stdout.strip()), result.stdout
    assert "Could not load the Qt platform plugin" not in result.stderr


@pytest.mark.skipif(XWININFO is None, reason="xwininfo (x11-utils) is not installed")
@pytest.mark.parametrize(("lang", "title"), [("en", "Log in"), ("zh_CN", "登录")])
def test_the_window_title_names_the_app_once(display: str, tmp_path: Path, lang: str,
                                             title: str, server: ServerProcess) -> None:
    client = subprocess.Popen(
        [sys.executable, "-m", "ticketdesk.client.app", "--server", server.address,
         "--lang", lang],
        env=client_env(display, tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        titles: list[str] = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any(title in t for t in titles):
            assert client.poll() is None, client.stderr.read().decode()[-2000:]
            tree = subprocess.run(
                [XWININFO, "-root", "-tree"], env={"DISPLAY": display, "LC_ALL": "C.UTF-8"},
                capture_output=True, text=True, timeout=10,
            ).stdout
            titles = re.findall(r'^\s*0x[0-9a-f]+ "(.*)":', tree, re.MULTILINE)
            time.sleep(0.2)
        # Qt appends the display name on X11; the window's own title must not name it too
        assert f"{title} — TicketDesk" in titles, titles
        assert all(t.count("TicketDesk") <= 1 for t in titles), titles
    finally:
        client.terminate()
        client.wait(10)
