"""TLS on the server side: certificates made by the CLI, the pin, refusals that say why."""

from __future__ import annotations

import ssl
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.support import ServerProcess
from ticketdesk.server import tls
from ticketdesk.server.discovery.advertise import txt_record


def test_self_signed_certificate_serves_https_and_its_pin_is_the_keys(
    pg_url: str, tmp_path: Path
) -> None:
    files = tls.self_signed(name="desk.office", out_dir=tmp_path, addresses=["127.0.0.1"])
    assert files.key.stat().st_mode & 0o077 == 0  # the key is the owner's alone
    server = ServerProcess(pg_url, tls=(files.cert, files.key)).start()
    try:
        trusted = ssl.create_default_context(cafile=str(files.cert))
        health = httpx.get(f"{server.base_url}/healthz", verify=trusted, timeout=10)
        assert health.status_code == 200
        with pytest.raises(httpx.HTTPError):  # no plain HTTP beside it
            httpx.get(f"http://127.0.0.1:{server.port}/healthz", timeout=5)
    finally:
        server.stop()
    pin = tls.pin_of_file(files.cert)
    printed = subprocess.run(
        [sys.executable, "-m", "ticketdesk.server", "tls", "pin", str(files.cert)],
        capture_output=True, text=True, timeout=60,
    )
    assert printed.stdout.strip() == pin and len(pin) == 44
    renewed = tls.self_signed(name="desk.office", out_dir=tmp_path, reuse_key=True)
    assert tls.pin_of_file(renewed.cert) == pin
    fresh = tls.self_signed(name="desk.office", out_dir=tmp_path / "new")
    assert tls.pin_of_file(fresh.cert) != pin


def test_a_key_that_is_not_the_certificates_stops_the_server_with_a_reason(
    pg_url: str, tmp_path: Path
) -> None:
    one = tls.self_signed(name="a", out_dir=tmp_path / "a")
    other = tls.self_signed(name="b", out_dir=tmp_path / "b")
    with pytest.raises(tls.TlsError, match="does not belong"):
        tls.check_pair(one.cert, other.key)
    with pytest.raises(tls.TlsError, match="both"):
        tls.check_pair(one.cert, None)
    server = ServerProcess(pg_url, tls=(one.cert, other.key))
    with pytest.raises(RuntimeError, match="does not belong"):
        server.start(timeout=30)


def test_the_announcement_says_tls_and_the_pin_within_rfc_6763s_budget() -> None:
    pin = "wXhQKpfYE20btn0KQve106nYMia9pTptvKgzQWsOnKc="
    record = txt_record("热线客服中心服务器" * 20, pin)
    assert record["tls"] == "1" and record["pin"] == pin
    size = sum(len(f"{k}={v}".encode()) + 1 for k, v in record.items())
    assert size < 400
    assert txt_record("desk", None) == {"api": record["api"], "name": "desk", "tls": "0"}
