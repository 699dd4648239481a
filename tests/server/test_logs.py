"""The server's log: structured lines on stderr and in a rotating file, levels per logger."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.support import Api, ServerProcess
from ticketdesk.server import logs


def _fields(line: str) -> dict[str, str]:
    import shlex

    return dict(part.split("=", 1) for part in shlex.split(line) if "=" in part)


def test_lines_are_logfmt_with_extra_fields_and_secrets_redacted(tmp_path: Path) -> None:
    path = logs.configure(level="info", data_dir=tmp_path)
    try:
        log = logging.getLogger("ticketdesk.test")
        log.info('moved "ticket" to 售后', extra={"ticket_id": 7, "note": "a b"})
        log.info("Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345")
        for handler in logging.getLogger().handlers:
            handler.flush()
    finally:
        logs.configure(level="warning")  # let go of the file
    assert path == tmp_path / "logs" / "server.log"
    first, second = path.read_text(encoding="utf-8").splitlines()[-2:]
    fields = _fields(first)
    assert fields["level"] == "info" and fields["logger"] == "ticketdesk.test"
    assert fields["msg"] == 'moved "ticket" to 售后'
    assert fields["ticket_id"] == "7" and fields["note"] == "a b"
    assert fields["ts"].endswith("Z")
    assert "abcdefghijklmnopqrstuvwxyz012345" not in second


def test_levels_per_logger() -> None:
    assert logs.parse_levels("uvicorn.access=warning, ticketdesk.server.dispatch=DEBUG") == {
        "uvicorn.access": "warning",
        "ticketdesk.server.dispatch": "debug",
    }
    with pytest.raises(ValueError, match="loud"):
        logs.parse_levels("ticketdesk=loud")


def test_the_embedded_databases_chatter_stays_out_unless_asked_for() -> None:
    """pgserver logs each pg_ctl command line and its output at info: a dozen multi-line
    records in the journal at every start and stop."""
    try:
        logs.configure(level="info")
        assert not logging.getLogger("pgserver").isEnabledFor(logging.INFO)
        assert logging.getLogger("pgserver").isEnabledFor(logging.WARNING)
        logs.configure(level="info", levels={"pgserver": "info"})
        assert logging.getLogger("pgserver").isEnabledFor(logging.INFO)
    finally:
        logs.configure(level="warning")
        logging.getLogger("pgserver").setLevel(logging.NOTSET)


def test_the_server_logs_to_its_data_directory_and_a_bad_level_stops_it(
    org, pg_url: str, tmp_path: Path
) -> None:
    server = ServerProcess(
        pg_url,
        extra_args=["--data-dir", str(tmp_path), "--access-log",
                    "--log-levels", "uvicorn.access=info"],
    ).start()
    try:
        Api(server.base_url).login("hl1").ok("GET", "/me")
    finally:
        server.stop()
    text = (tmp_path / "logs" / "server.log").read_text(encoding="utf-8")
    access = [line for line in text.splitlines() if "logger=uvicorn.access" in line]
    assert any("/api/v1/me" in line for line in access)

    bad = ServerProcess(pg_url, extra_args=["--log-levels", "ticketdesk=loud"])
    with pytest.raises(RuntimeError, match="logger=level"):
        bad.start(timeout=30)
