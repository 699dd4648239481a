"""`TodayCounts`: each group's tickets resolved today and SLA breaches today, for the
wallboard. They are measured from the event record (``GET /kpis`` over today, as the KPI
report defines them) and asked for again whenever the live feed brings a change — both only
change with a step (an acceptance or a resolution) — at most every few seconds, and at
midnight. Everything else on the wallboard is read from the live cache itself."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from ticketdesk.common.models import KpiReport, KpiRow

from ..net.api import ApiError, ApiReply
from ..timefmt import local
from .session import ClientSession

REFETCH_AFTER_MS = 3000
"""After a live change, ask again this long later (a busy floor: one call per few seconds)."""
DAY_CHECK_MS = 60_000
"""How often to look whether a new day has begun (the counts start again at midnight)."""


def start_of_today(now: datetime) -> datetime:
    """Local midnight of ``now``'s day, as an aware moment."""
    return local(now).replace(hour=0, minute=0, second=0, microsecond=0)


class TodayCounts(QObject):
    changed = Signal()
    failed = Signal(object)  # ApiError

    def __init__(self, session: ClientSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._reply: ApiReply | None = None
        self._again = False
        self.rows: dict[int, KpiRow] = {}
        """Group id → today's figures."""
        self.day: datetime | None = None
        self.error: ApiError | None = None
        self._timer = QTimer(self, singleShot=True, interval=REFETCH_AFTER_MS)
        self._timer.timeout.connect(self.refresh)
        self._day_timer = QTimer(self, interval=DAY_CHECK_MS)
        self._day_timer.timeout.connect(self._check_day)
        self._day_timer.start()
        state = session.state
        for signal in (state.tickets_added, state.tickets_changed, state.tickets_removed):
            signal.connect(self._soon)
        state.groups_changed.connect(self._soon)
        session.loaded.connect(self.refresh)  # after a reconnect: what was missed meanwhile
        self.refresh()

    def resolved(self, group_id: int) -> int | None:
        row = self.rows.get(group_id)
        return row.resolved if row is not None else None

    def breaches(self, group_id: int) -> int | None:
        row = self.rows.get(group_id)
        if row is None:
            return None
        return row.sla_first_response_breaches + row.sla_resolution_breaches

    def _soon(self, *_args: object) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def _check_day(self) -> None:
        if self.day is not None and start_of_today(self._session.clock.now()) != self.day:
            self.refresh()

    def refresh(self) -> None:
        self._timer.stop()
        if self._reply is not None:
            self._again = True
            return
        if not self._session.logged_in:
            return
        now = self._session.clock.now()
        day = start_of_today(now)
        params = {
            "from": day.isoformat(),
            "to": (day + timedelta(days=1)).isoformat(),
            "by": "group",
        }
        reply = self._session.api.get("/kpis", params=params, parse=KpiReport.model_validate)
        self._reply = reply
        reply.succeeded.connect(lambda report, d=day: self._on_report(d, report))
        reply.failed.connect(self._on_failed)

    def _finish(self) -> None:
        self._reply = None
        if self._again:
            self._again = False
            self.refresh()

    def _on_report(self, day: datetime, report: KpiReport) -> None:
        self._finish()
        self.day = day
        self.rows = {r.group_id: r for r in report.groups if r.group_id is not None}
        self.error = None
        self.changed.emit()

    def _on_failed(self, error: ApiError) -> None:
        self._finish()
        self.error = error
        self.failed.emit(error)
