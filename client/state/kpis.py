"""`KpiDashboard`: the KPI report for the chosen period and groups (net → state), fetched in
the background and fetched again, throttled, while live events arrive for a period that
includes now. The view sets the period and groups and reads `report`."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from enum import StrEnum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QObject, QTimer, QTimeZone, Signal

from ..net.api import ApiError, ApiReply
from .session import ClientSession

if TYPE_CHECKING:
    from ticketdesk.common.models import KpiReport, LiveMessage

LIVE_DELAY_MS = 500
"""After the first live event the report is fetched this much later, so that the steps of
one action (created, queued, assigned…) arrive first and cost one fetch…"""
LIVE_MIN_INTERVAL_MS = 3000
"""…and never more often than this while events keep coming: a burst of hundreds of
events costs a fetch every few seconds, not hundreds (the report is the server's heaviest
query)."""


class PeriodKind(StrEnum):
    TODAY = "today"
    YESTERDAY = "yesterday"
    LAST_7_DAYS = "last_7_days"
    LAST_WEEK = "last_week"
    THIS_MONTH = "this_month"
    CUSTOM = "custom"


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: datetime
    """Included; aware."""
    end: datetime
    """Excluded; aware."""


def local_zone_name() -> str:
    """This workstation's IANA timezone (the report's days start at its midnight)."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return name


def midnight(day: date, zone: str) -> datetime:
    return datetime.combine(day, clock_time(), tzinfo=ZoneInfo(zone))


def period_of(kind: PeriodKind, today: date, zone: str,
              first: date | None = None, last: date | None = None) -> Period:
    """The period a choice means on ``today``, whole local days: *last 7 days* and *this
    month* run to the end of today, *last week* is Monday to Sunday before this week;
    *custom* from the start of ``first`` to the end of ``last``."""
    match kind:
        case PeriodKind.TODAY:
            start, end = today, today + timedelta(days=1)
        case PeriodKind.YESTERDAY:
            start, end = today - timedelta(days=1), today
        case PeriodKind.LAST_7_DAYS:
            start, end = today - timedelta(days=6), today + timedelta(days=1)
        case PeriodKind.LAST_WEEK:
            monday = today - timedelta(days=today.weekday())
            start, end = monday - timedelta(days=7), monday
        case PeriodKind.THIS_MONTH:
            start, end = today.replace(day=1), today + timedelta(days=1)
        case PeriodKind.CUSTOM:
            first = first or today
            last = max(last or first, first)
            start, end = first, last + timedelta(days=1)
    return Period(kind, midnight(start, zone), midnight(end, zone))


class KpiDashboard(QObject):
    report_changed = Signal()
    """A new report is in `report` (for the current period and groups)."""
    loading_changed = Signal()
    failed = Signal(object)  # ApiError

    def __init__(self, session: ClientSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.zone = local_zone_name()
        self.period = period_of(PeriodKind.TODAY, self._today(), self.zone)
        self.group_ids: tuple[int, ...] = ()
        """The chosen groups; empty: all."""
        self.report: KpiReport | None = None
        self.updated_at: datetime | None = None
        """When the report on show was asked for (server time)."""
        self.fetches = 0
        """Reports asked for so far (to see the throttle at work)."""
        self._reply: ApiReply | None = None
        self._again = False
        self._last_fetch = 0.0
        self._live_timer = QTimer(self, singleShot=True)
        self._live_timer.timeout.connect(self.refresh)
        session.live.event_received.connect(self._on_live)

    @property
    def loading(self) -> bool:
        return self._reply is not None

    @property
    def refresh_pending(self) -> bool:
        """True while a live event waits for the throttled fetch it asked for."""
        return self._live_timer.isActive() or self._again

    @property
    def live(self) -> bool:
        """True when the period reaches now: its figures move as events arrive."""
        now = self._session.clock.now()
        return self.period.start <= now < self.period.end

    def _today(self) -> date:
        return self._session.clock.now().astimezone(ZoneInfo(self.zone)).date()

    # ------------------------------------------------------------ choices

    def choose(self, kind: PeriodKind, first: date | None = None, last: date | None = None
               ) -> None:
        """A period by name (``first``/``last``: the days of a custom one); fetches."""
        self.set_period(period_of(kind, self._today(), self.zone, first, last))

    def set_period(self, period: Period) -> None:
        self.period = period
        self.refresh()

    def set_groups(self, group_ids: Iterable[int]) -> None:
        chosen = tuple(sorted(set(group_ids)))
        if chosen != self.group_ids:
            self.group_ids = chosen
            self.refresh()

    # ------------------------------------------------------------ fetching

    def refresh(self) -> None:
        """Fetch the report now (an answer still on its way for earlier choices is dropped)."""
        self._live_timer.stop()
        self._again = False
        if self._reply is not None:
            reply, self._reply = self._reply, None
            reply.abort()
        if self._session.api.token is None:
            return
        self.fetches += 1
        self._last_fetch = time.monotonic()
        self.updated_at = self._session.clock.now()
        reply = self._session.api.kpis(
            period_from=self.period.start,
            period_to=self.period.end,
            groups=self.group_ids,
            timezone=self.zone,
        )
        self._reply = reply
        # Bound methods, not lambdas: Qt drops the connection when this object goes (a view
        # closed while its report is on the way). A reply given up is aborted above, so
        # only the current one can succeed.
        reply.succeeded.connect(self._on_report)
        reply.failed.connect(self._on_failed)
        self.loading_changed.emit()

    def _on_report(self, report: KpiReport) -> None:
        self._reply = None
        self.report = report
        self.loading_changed.emit()
        self.report_changed.emit()
        if self._again:
            self._schedule()

    def _on_failed(self, error: ApiError) -> None:
        if error.code == ApiError.CANCELLED:
            return  # given up for newer choices
        self._reply = None
        self.loading_changed.emit()
        self.failed.emit(error)

    # ------------------------------------------------------------ live

    def _on_live(self, message: LiveMessage) -> None:
        event = message.event
        if event is None or not self.live:
            return
        if event.ticket_id is None and event.kind != "presence_changed":
            return  # directory changes move no figure
        if self._reply is not None:
            self._again = True  # the report on its way may predate this event
            return
        self._schedule()

    def _schedule(self) -> None:
        self._again = False
        if self._live_timer.isActive():
            return
        since = (time.monotonic() - self._last_fetch) * 1000
        self._live_timer.start(int(max(LIVE_DELAY_MS, LIVE_MIN_INTERVAL_MS - since)))
