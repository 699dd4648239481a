"""The test harness itself: a server whose port was taken between `free_port` and its
start (the other xdist worker) moves to another port on its first start."""

from __future__ import annotations

import socket

from tests.support import ServerProcess


def test_a_first_start_on_a_taken_port_moves_and_a_restart_keeps_its_port(pg_url: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        server = ServerProcess(pg_url, port=port).start()
        try:
            assert server.port != port
            moved = server.port
            server.stop()
            server.start()
            assert server.port == moved
        finally:
            server.stop()
