"""The pull adapter: an order a ticket names and TicketDesk does not know yet is fetched from
the order system (its URL template and token are server settings).

Bounded on every side: each attempt has the timeout, a fetch makes at most ``attempts`` of
them (timeouts, connection errors and 5xx are tried again, with a short backoff; 4xx is an
answer), and an order fetched or found missing is not asked for again within the TTL. A
ticket's creation waits for the fetch at most the timeout; the fetch goes on in the
background and stores the order when it arrives, so the ticket shows it a moment later."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from urllib.parse import quote

from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker

from ticketdesk.common.models import OrderUpsert

from ..store.schema import Order
from . import orders
from .actors import Actor
from .errors import DomainError

log = logging.getLogger(__name__)

ACTOR = Actor.system("订单系统 order system")
BACKOFF_SECONDS = 0.1


class OrderPuller:
    def __init__(
        self,
        *,
        url_template: str,
        token: str | None,
        timeout_seconds: float,
        attempts: int,
        ttl_seconds: float,
        sessions: sessionmaker[Session],
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._url = url_template
        self._headers = {"Accept": "application/json",
                         **({"Authorization": f"Bearer {token}"} if token else {})}
        self.timeout = timeout_seconds
        self._attempts = attempts
        self._ttl = ttl_seconds
        self._sessions = sessions
        self._now = monotonic
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="order-pull")
        self._lock = threading.Lock()
        self._recent: dict[str, float] = {}
        """Order numbers asked for lately (found or not), when the fetch ended."""
        self._running: dict[str, Future[None]] = {}

    def ensure(self, session: Session, order_no: str) -> None:
        """Before a ticket naming ``order_no`` is created: fetch the order if it is unknown,
        waiting at most the timeout (the fetch goes on without us)."""
        if session.get(Order, order_no) is not None:
            return
        future = self._start(order_no)
        if future is not None:
            wait_for([future], timeout=self.timeout)

    def _start(self, order_no: str) -> Future[None] | None:
        with self._lock:
            if (running := self._running.get(order_no)) is not None:
                return running
            ended = self._recent.get(order_no)
            if ended is not None and self._now() - ended < self._ttl:
                return None
            if len(self._recent) > 10_000:
                self._recent.clear()  # bounded; at worst an order is asked for again
            future = self._pool.submit(self._fetch_and_store, order_no)
            self._running[order_no] = future
            return future

    def _fetch_and_store(self, order_no: str) -> None:
        try:
            data = self._fetch(order_no)
            if data is not None:
                with self._sessions() as session:
                    orders.upsert_order(session=session, order_no=order_no, data=data,
                                        actor=ACTOR)
                    session.commit()
        except (DomainError, ValidationError) as exc:
            log.warning("order %s from the order system refused: %s", order_no, exc)
        except Exception:
            log.exception("storing order %s from the order system failed", order_no)
        finally:
            with self._lock:
                self._recent[order_no] = self._now()
                self._running.pop(order_no, None)

    def _fetch(self, order_no: str) -> OrderUpsert | None:
        # Imported here: a server that never looks an order up (most have no order system
        # configured) does not carry httpx (5 MB; docs/benchmarks.md) for its whole life.
        import httpx

        url = self._url.replace("{order_no}", quote(order_no, safe=""))
        for attempt in range(1, self._attempts + 1):
            try:
                response = httpx.get(url, headers=self._headers, timeout=self.timeout)
            except httpx.HTTPError as exc:
                log.info("order system: %s for %s (attempt %d)", type(exc).__name__, order_no,
                         attempt)
            else:
                if response.status_code < 300:
                    body = response.json()
                    if isinstance(body, dict):
                        body.pop("order_no", None)
                    return OrderUpsert.model_validate(body)
                if response.status_code < 500:
                    log.info("order system answered %d for %s", response.status_code, order_no)
                    return None
                log.info("order system answered %d for %s (attempt %d)",
                         response.status_code, order_no, attempt)
            if attempt < self._attempts:
                time.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
        return None

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
