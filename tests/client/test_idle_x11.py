"""The system-wide idle time under a real X server: input from another program (xdotool)
resets what the screen-saver extension reports; where nothing answers, there is no source."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from pytestqt.qtbot import QtBot

from tests.client.test_x11 import XVFB, display  # noqa: F401 (the fixture)
from ticketdesk.client.idle import X11Idle, combined

XDOTOOL = shutil.which("xdotool")


@pytest.mark.skipif(XVFB is None or XDOTOOL is None,
                    reason="needs Xvfb and xdotool (apt-get install xvfb xdotool)")
def test_input_from_another_program_resets_the_idle_time(
    qtbot: QtBot, display: str  # noqa: F811
) -> None:
    assert XDOTOOL is not None
    idle = X11Idle(display.encode())
    try:
        qtbot.waitUntil(lambda: (idle() or 0) >= 0.5, timeout=5000)
        subprocess.run([XDOTOOL, "mousemove", "40", "30"], check=True, timeout=10,
                       env={**os.environ, "DISPLAY": display})
        after = idle()
        assert after is not None and after < 0.5
    finally:
        idle.close()
    assert idle() is None  # closed: says nothing rather than something wrong


def test_no_display_no_source() -> None:
    with pytest.raises(OSError):
        X11Idle(b":9987")  # nothing listens there
    assert combined([lambda: None, lambda: 4.0, lambda: 2.5])() == 2.5
    assert combined([lambda: None])() is None
