"""Prometheus metrics, named by Prometheus's conventions: the ``ticketdesk_`` prefix, base
units, ``_total`` counters, ``_seconds`` histograms, and no per-user labels.

Two kinds of figure live here. What this process does (requests, live clients, events
pushed, its connection pool) is counted in the process: scrape every server. What the
office does (queues, held tickets, assignments by rule, reassignments on timeout) is read
from the database at scrape time, so every server reports the same figures and they survive
restarts; the assignment counters are counts of the append-only event record, hence
monotonic like any counter.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from ticketdesk.common.enums import EventKind, Status

from .live.timing import PushTimings
from .store.schema import Event, Group, Ticket

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """One registry per application, so nothing leaks between apps built in one process."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        engine: Engine,
        live_clients: Callable[[], int],
        events_pushed: Callable[[], int],
        replay_buffered: Callable[[], tuple[int, int]] = lambda: (0, 0),
        replay_read: Callable[[], int] = lambda: 0,
        live_auth: Callable[[], tuple[int, int]] = lambda: (0, 0),
        live_resume: Callable[[], tuple[int, int]] = lambda: (0, 0),
        live_timings: Callable[[], PushTimings | None] = lambda: None,
    ) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "ticketdesk_http_requests",
            "HTTP requests answered, by route template, method and status.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "ticketdesk_http_request_duration_seconds",
            "Time from a request's arrival to its last byte sent, by route template.",
            ["route", "method"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.registry.register(
            _ProcessCollector(
                engine, live_clients, events_pushed, replay_buffered, replay_read, live_auth,
                live_resume, live_timings,
            )
        )
        self.registry.register(_OfficeCollector(sessions))


class _ProcessCollector(Collector):
    def __init__(
        self,
        engine: Engine,
        live_clients: Callable[[], int],
        events_pushed: Callable[[], int],
        replay_buffered: Callable[[], tuple[int, int]],
        replay_read: Callable[[], int],
        live_auth: Callable[[], tuple[int, int]],
        live_resume: Callable[[], tuple[int, int]],
        live_timings: Callable[[], PushTimings | None],
    ) -> None:
        self._engine = engine
        self._live_timings = live_timings
        self._live_resume = live_resume
        self._live_auth = live_auth
        self._replay_read = replay_read
        self._live_clients = live_clients
        self._events_pushed = events_pushed
        self._replay_buffered = replay_buffered

    def describe(self) -> Iterable[Metric]:
        return []  # not collected when registered: the hub does not exist yet

    def collect(self) -> Iterable[Metric]:
        yield GaugeMetricFamily(
            "ticketdesk_live_clients", "Live (WebSocket) clients connected to this process.",
            value=self._live_clients(),
        )
        yield CounterMetricFamily(
            "ticketdesk_live_events_pushed", "Events sent to live clients by this process.",
            value=self._events_pushed(),
        )
        now, peak = self._replay_buffered()
        yield GaugeMetricFamily(
            "ticketdesk_live_replay_buffered_events",
            "Backlog events read for resuming live clients and not yet sent, all together.",
            value=now,
        )
        yield GaugeMetricFamily(
            "ticketdesk_live_replay_buffered_events_peak",
            "The most backlog events held at once since this process started.",
            value=peak,
        )
        yield CounterMetricFamily(
            "ticketdesk_live_replay_events_read",
            "Backlog events read from the database and encoded for resuming clients; an event "
            "several clients replay at about the same time is read once for them all.",
            value=self._replay_read(),
        )
        batches, tokens = self._live_auth()
        yield CounterMetricFamily(
            "ticketdesk_live_auth_batches",
            "Batches of WebSocket token checks answered, one database query each.",
            value=batches,
        )
        yield CounterMetricFamily(
            "ticketdesk_live_auth_tokens",
            "WebSocket session tokens checked in those batches (API keys are checked one by one).",
            value=tokens,
        )
        batches, clients = self._live_resume()
        yield CounterMetricFamily(
            "ticketdesk_live_resume_batches",
            "Batches of resuming live clients planned together (replay or reset, and the first "
            "batch's events), one read of the events their backlogs span each.",
            value=batches,
        )
        yield CounterMetricFamily(
            "ticketdesk_live_resume_clients",
            "Resuming live clients planned in those batches (one far behind is planned alone).",
            value=clients,
        )
        timings = self._live_timings()
        if timings is not None:
            push = HistogramMetricFamily(
                "ticketdesk_live_push_seconds",
                "Where pushed events spend their time in this process, by stage: wait (the "
                "first notification to the read starting), read, handoff (to the event "
                "loop), send (to a client's socket, per recipient), total (notification to "
                "socket, per recipient).",
                labels=["stage"],
            )
            for stage, histogram in timings.stages.items():
                push.add_metric([stage], list(histogram.cumulative()), histogram.total)
            yield push
            yield HistogramMetricFamily(
                "ticketdesk_event_loop_lag_seconds",
                "How much later than asked a timer of the event loop fires (probed every "
                "50 ms): how long anything queued in the loop waits.",
                buckets=list(timings.loop_lag.cumulative()),
                sum_value=timings.loop_lag.total,
            )
        pool: Any = self._engine.pool
        in_use = GaugeMetricFamily(
            "ticketdesk_db_pool_connections",
            "Database connections of this process's pool, by state.",
            labels=["state"],
        )
        if hasattr(pool, "checkedout"):
            in_use.add_metric(["in_use"], pool.checkedout())
            in_use.add_metric(["idle"], pool.checkedin())
        yield in_use


class _OfficeCollector(Collector):
    """Figures of the whole installation, read from the database when scraped."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def describe(self) -> Iterable[Metric]:
        return []  # no database read when registered

    def collect(self) -> Iterable[Metric]:
        waiting = GaugeMetricFamily(
            "ticketdesk_tickets_waiting",
            "Tickets waiting for an agent, by group and status (queued, or held outside "
            "working hours).",
            labels=["group", "status"],
        )
        tickets = GaugeMetricFamily(
            "ticketdesk_tickets", "Tickets by status.", labels=["status"]
        )
        assignments = CounterMetricFamily(
            "ticketdesk_assignments",
            "Assignments recorded, by the rule that chose the agent (auto, order_owner, "
            "previous_handler, manual, taken, reassigned_timeout).",
            labels=["rule"],
        )
        up = GaugeMetricFamily(
            "ticketdesk_database_up", "1 when the database answered this scrape, else 0."
        )
        try:
            with self._sessions() as session, session.begin():
                by_status = dict(
                    session.execute(select(Ticket.status, func.count()).group_by(Ticket.status))
                    .tuples()
                    .all()
                )
                groups = dict(session.execute(select(Group.id, Group.name)).tuples().all())
                queues = session.execute(
                    select(Ticket.group_id, Ticket.status, func.count())
                    .where(Ticket.status.in_((Status.QUEUED, Status.HELD)))
                    .group_by(Ticket.group_id, Ticket.status)
                ).tuples()
                waiting_rows = [(groups.get(g, str(g)), s.value, n) for g, s, n in queues]
                rules = session.execute(
                    select(Event.data["reason"].astext, func.count())
                    .where(Event.kind == EventKind.ASSIGNED)
                    .group_by(Event.data["reason"].astext)
                ).tuples()
                rule_rows = [(reason or "unknown", n) for reason, n in rules]
        except Exception:  # a scrape must answer even when the database does not
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        for status in Status:
            tickets.add_metric([status.value], by_status.get(status, 0))
        yield tickets
        for group, status, n in sorted(waiting_rows):
            waiting.add_metric([group, status], n)
        yield waiting
        for rule, n in sorted(rule_rows):
            assignments.add_metric([rule], n)
        yield assignments


class RequestMetrics:
    """ASGI middleware counting every HTTP request by its route template (``/tickets/{id}``,
    never the raw path, so ids do not become labels)."""

    def __init__(self, app: Any, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            template = route_template(scope)
            method = scope.get("method", "")
            self.metrics.requests.labels(template, method, str(status)).inc()
            self.metrics.latency.labels(template, method).observe(time.perf_counter() - started)


def route_template(scope: dict[str, Any]) -> str:
    """The matched route's path with its parameters named (``/api/v1/tickets/{ticket_id}``),
    rebuilt from the request path and its path parameters so it does not depend on how a
    FastAPI version nests included routers; ``unmatched`` for paths no route took."""
    if scope.get("route") is None and scope.get("endpoint") is None:
        return "unmatched"
    names = {str(v): k for k, v in (scope.get("path_params") or {}).items()}
    path: str = scope.get("path", "")
    return "/".join(
        "{" + names[part] + "}" if part in names else part for part in path.split("/")
    )
