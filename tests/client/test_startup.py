"""Starting the client: the start-up probe, and what the login window waits for."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """Offscreen, with settings of its own (never the user's)."""
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "HOME": str(tmp_path),
        **extra,
    }


def test_the_startup_probe_says_when_the_login_window_is_painted(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ticketdesk.client.app"],
        env=_env(tmp_path, TICKETDESK_STARTUP_PROBE="1"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and re.fullmatch(r"ticketdesk-ready \d+", lines[0]), lines
    milliseconds = int(lines[0].split()[1])
    assert 0 < milliseconds < 60_000


def test_the_login_window_does_not_wait_for_the_rest_of_the_client(tmp_path: Path) -> None:
    """The wire models (pydantic) and the main window are loaded after the login window is
    on screen, not before: they are most of the start-up time."""
    code = (
        "import sys, ticketdesk.client.app\n"
        "late = [m for m in ('ticketdesk.common.models', 'ticketdesk.client.state.session',"
        " 'ticketdesk.client.views.main_window', 'ticketdesk.client.models.tickets')"
        " if m in sys.modules]\n"
        "print(late)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=_env(tmp_path), capture_output=True, text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"
