"""A rolling restart of two servers under load: each in turn gets SIGTERM (as systemd sends
it) and comes back while tickets keep arriving. No request is lost (those in flight finish;
those refused are retried on the other server with their idempotency key), none is answered
with an error, no ticket is made twice, and a live client misses no event. Live clients are
told the server is restarting (close code 1012) so they reconnect at once."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter

import httpx
import psycopg2
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.support import LiveObserver, ServerProcess, libpq_url

SUBMITTERS = 4
CONNECTION_TROUBLE = (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError,
                      httpx.WriteError, httpx.ConnectTimeout)


def test_rolling_restart_under_load_loses_nothing(org, pg_url: str) -> None:
    servers = [ServerProcess(pg_url).start(), ServerProcess(pg_url).start()]
    token = org.as_("hl1").token
    observer = LiveObserver(servers[0].port, org.as_("sup").token)
    observer.start()
    assert observer.ready.wait(30)

    acknowledged: dict[str, int] = {}
    troubles: Counter[str] = Counter()
    refusals: Counter[int] = Counter()
    lock = threading.Lock()
    stop = threading.Event()

    def submit(worker: int) -> None:
        clients = [httpx.Client(timeout=20) for _ in servers]
        n = 0
        while not stop.is_set():
            key = f"roll-{worker}-{n}"
            body = {"type": "refund", "title": f"滚动重启 {key}",
                    "fields": {"order_no": "TD1001", "amount": 10, "reason": "其他"}}
            for attempt in range(200):  # the preferred server, then the other, and so on
                which = (worker + attempt) % len(servers)
                try:
                    r = clients[which].post(
                        f"{servers[which].base_url}/api/v1/tickets", json=body,
                        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
                    )
                except CONNECTION_TROUBLE as exc:
                    with lock:
                        troubles[type(exc).__name__] += 1
                    time.sleep(0.05)
                    continue
                if r.status_code in (200, 201):
                    with lock:
                        if acknowledged.setdefault(key, r.json()["id"]) != r.json()["id"]:
                            refusals[-1] += 1  # one key, two tickets
                    break
                with lock:
                    refusals[r.status_code] += 1
                break
            n += 1
        for client in clients:
            client.close()

    threads = [threading.Thread(target=submit, args=(w,)) for w in range(SUBMITTERS)]
    for t in threads:
        t.start()
    time.sleep(2)
    close_codes = []
    for server in servers:
        with connect(
            f"ws://127.0.0.1:{server.port}/api/v1/live",
            additional_headers={"Authorization": f"Bearer {token}"},
        ) as ws:
            ws.recv(timeout=10)  # hello
            server.stop()  # SIGTERM: a graceful shutdown
            try:
                while True:
                    ws.recv(timeout=10)
            except ConnectionClosed as closed:
                close_codes.append(closed.rcvd.code if closed.rcvd else None)
        server.start(timeout=60)
        time.sleep(2)
    stop.set()
    for t in threads:
        t.join(timeout=120)

    conn = psycopg2.connect(libpq_url(pg_url))
    with conn.cursor() as cur:
        cur.execute("SELECT id FROM tickets")
        existing = {row[0] for row in cur.fetchall()}
    conn.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not set(acknowledged.values()) <= observer.created:
        time.sleep(0.2)
    observer.stop.set()
    for server in servers:
        server.stop()
    print(json.dumps({"acknowledged": len(acknowledged), "retried": dict(troubles),
                      "refused": dict(refusals)}))
    assert close_codes == [1012, 1012]
    assert len(acknowledged) > 20
    assert not refusals, refusals  # no error answers, no key that made two tickets
    assert set(acknowledged.values()) <= existing  # nothing acknowledged is lost
    assert set(acknowledged.values()) <= observer.created  # nor missed live
    assert len(existing) == len(acknowledged)  # no retry made a second ticket
