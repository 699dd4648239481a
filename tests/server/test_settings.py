"""One configuration: the TOML file < TICKETDESK_* environment < flags, each value's source
shown by `config show`, and a bad key or value stopping the server with its name and source."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ServerProcess
from ticketdesk.server import settings as settings_module


def _show(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TICKETDESK_")}
    return subprocess.run(
        [sys.executable, "-m", "ticketdesk.server", "config", "show", *args],
        capture_output=True, text=True, timeout=60, env={**clean, **(env or {})},
    )


def _rows(out: str) -> dict[str, tuple[str, str]]:
    rows = {}
    for line in out.splitlines():
        if line.startswith("#"):
            continue
        left, _, source = line.partition("  # ")
        field, _, value = left.strip().partition(" ")
        rows[field] = (value.strip(), source.strip())
    return rows


def test_file_then_environment_then_flags_each_with_its_source(tmp_path: Path) -> None:
    config = tmp_path / "ticketdesk.toml"
    config.write_text(
        "# the office's settings\nport = 9000\nrequest_threads = 8\nserver_name = '总部'\n"
        'metrics_token = "s3cret"\n',
        encoding="utf-8",
    )
    shown = _show("--data-dir", str(tmp_path),
                  "--database-url", "postgresql://td:hunter2@db.office/td",
                  env={"TICKETDESK_PORT": "9100", "TICKETDESK_REQUEST_THREADS": "4"})
    assert shown.returncode == 0, shown.stderr
    rows = _rows(shown.stdout)
    assert f"configuration file: {config}" in shown.stdout  # found in the data folder
    assert rows["server_name"] == ("总部", f"{config}:4")
    assert rows["port"] == ("9100", "environment TICKETDESK_PORT")  # env beats the file
    assert rows["request_threads"] == ("4", "environment TICKETDESK_REQUEST_THREADS")
    assert rows["session_hours"] == ("12.0", "default")
    assert rows["data_dir"] == (str(tmp_path), "flag")
    assert rows["metrics_token"][0] == "********" and "s3cret" not in shown.stdout
    assert "hunter2" not in shown.stdout and rows["database_url"][0].endswith("@db.office/td")

    # A flag beats the environment and the file.
    loaded = settings_module.load(flags={"port": 9200}, config=config)
    assert loaded.settings.port == 9200 and loaded.sources["port"] == "flag"


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [
        ("request_thread = 8\n", {}, r"ticketdesk.toml:1: unknown setting 'request_thread'"),
        ("\nport = 'eighty'\n", {}, r"port \(from .*ticketdesk.toml:2\)"),
        ("port = 70000\n", {}, r"port \(from .*ticketdesk.toml:1\)"),
        ("", {"TICKETDESK_REQUEST_THREADS": "many"},
         r"request_threads \(from environment TICKETDESK_REQUEST_THREADS\)"),
        ("port = [\n", {}, r"not valid TOML"),
    ],
)
def test_a_bad_key_or_value_is_named_with_its_source(
    tmp_path: Path, text: str, env: dict[str, str], expected: str
) -> None:
    (tmp_path / "ticketdesk.toml").write_text(text, encoding="utf-8")
    shown = _show("--data-dir", str(tmp_path), env=env)
    assert shown.returncode != 0
    assert __import__("re").search(expected, shown.stderr), shown.stderr


def test_the_server_refuses_to_start_on_a_bad_configuration(pg_url: str, tmp_path: Path) -> None:
    config = tmp_path / "office.toml"
    config.write_text("weekley = 1\n", encoding="utf-8")
    server = ServerProcess(pg_url, extra_args=["--config", str(config)])
    with pytest.raises(RuntimeError, match="unknown setting 'weekley'"):
        server.start(timeout=30)


def test_a_named_configuration_file_must_exist(tmp_path: Path) -> None:
    shown = _show("--config", str(tmp_path / "missing.toml"))
    assert shown.returncode != 0 and "does not exist" in shown.stderr
