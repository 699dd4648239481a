"""ApiClient against the real server, and against sockets that misbehave on purpose."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS
from tests.support import ServerProcess, free_port
from ticketdesk.client.net.api import ApiClient, ApiError, valid_address
from ticketdesk.common.models import ServerInfo, TicketsPage


def _wait(qtbot: QtBot, reply) -> object:
    with qtbot.waitSignal(reply.finished, timeout=TIMEOUT_MS):
        pass
    return reply.error or reply.result


@pytest.fixture
def api(qtbot: QtBot, server: ServerProcess) -> ApiClient:
    client = ApiClient()
    client.set_server(server.address)
    return client


def test_parses_a_model(qtbot: QtBot, api: ApiClient) -> None:
    info = _wait(qtbot, api.get("/info", parse=ServerInfo.model_validate))
    assert isinstance(info, ServerInfo)
    assert info.api_version


def test_server_error_body_becomes_api_error(qtbot: QtBot, api: ApiClient) -> None:
    error = _wait(qtbot, api.get("/me"))
    assert isinstance(error, ApiError)
    assert (error.status, error.code) == (401, "missing_token")
    assert not error.is_network


def test_invalid_fields_details(qtbot: QtBot, org, server: ServerProcess) -> None:
    client = ApiClient()
    client.set_server(server.address)
    client.token = org.as_("hl1").token
    reply = client.post("/tickets", {"type": "refund", "title": "x", "fields": {"amount": "-3"}})
    error = _wait(qtbot, reply)
    assert isinstance(error, ApiError)
    assert error.status == 422
    problems = {d["field"]: d["code"] for d in error.field_errors()}
    assert problems == {"order_no": "required", "amount": "too_small", "reason": "required"}


def test_answer_not_matching_the_model(qtbot: QtBot, api: ApiClient) -> None:
    error = _wait(qtbot, api.get("/info", parse=TicketsPage.model_validate))
    assert isinstance(error, ApiError)
    assert error.code == ApiError.BAD_RESPONSE


def test_unreachable(qtbot: QtBot) -> None:
    client = ApiClient()
    client.set_server(f"127.0.0.1:{free_port()}")
    error = _wait(qtbot, client.get("/info"))
    assert isinstance(error, ApiError)
    assert (error.status, error.code) == (0, ApiError.UNREACHABLE)
    assert error.is_network


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_timeout(qtbot: QtBot, silent_port: int) -> None:
    client = ApiClient(timeout_ms=300)
    client.set_server(f"127.0.0.1:{silent_port}")
    error = _wait(qtbot, client.get("/info"))
    assert isinstance(error, ApiError)
    assert error.code == ApiError.TIMEOUT


@pytest.fixture
def not_json_port() -> Iterator[int]:
    """A port that answers every request with 200 and a body that is not JSON."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                conn.recv(65536)
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\nConnection: close\r\n\r\n<html>hi"
                )

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    listener.close()


def test_bad_json(qtbot: QtBot, not_json_port: int) -> None:
    client = ApiClient()
    client.set_server(f"127.0.0.1:{not_json_port}")
    error = _wait(qtbot, client.get("/info"))
    assert isinstance(error, ApiError)
    assert (error.status, error.code) == (200, ApiError.BAD_RESPONSE)


def test_abort(qtbot: QtBot, silent_port: int) -> None:
    client = ApiClient()
    client.set_server(f"127.0.0.1:{silent_port}")
    reply = client.get("/info")
    with qtbot.waitSignal(reply.failed, timeout=TIMEOUT_MS) as blocker:
        reply.abort()
    assert blocker.args[0].code == ApiError.CANCELLED


@pytest.mark.parametrize(
    ("address", "ok"),
    [
        ("127.0.0.1:8470", True),
        ("td-server", True),
        ("http://td:80", True),
        ("", False),
        ("host:port", False),
        ("host:70000", False),
        ("two words", False),
    ],
)
def test_valid_address(address: str, ok: bool) -> None:
    assert valid_address(address) is ok
