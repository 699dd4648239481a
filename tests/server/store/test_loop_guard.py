"""The server's pool refuses a connection on the event loop's thread (where waiting for one
stops the whole process) and serves the request threads as ever."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from ticketdesk.server.store.database import EventLoopBlocked, make_engine


def test_the_servers_pool_refuses_the_event_loop_thread(pg_url):
    engine = make_engine(pg_url, pool_size=1, guard_event_loop=True)

    def read() -> int:
        with engine.connect() as conn:
            return int(conn.scalar(text("SELECT 1")))

    async def from_the_loop() -> None:
        with pytest.raises(EventLoopBlocked):
            read()
        assert await asyncio.to_thread(read) == 1  # a worker thread may

    try:
        asyncio.run(from_the_loop())
        assert read() == 1  # and so may any code outside an event loop
        assert engine.pool.checkedout() == 0
    finally:
        engine.dispose()
