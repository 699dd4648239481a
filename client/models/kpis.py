"""`AgentKpiModel`: the KPI report's per-agent rows as a table, sortable by any figure (the
sort role holds the raw number), agents who are behind marked; and the same table as rows
for an export."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from ..timefmt import format_duration

if TYPE_CHECKING:
    from ticketdesk.common.models import KpiRow

AnyIndex = QModelIndex | QPersistentModelIndex
translate = QCoreApplication.translate  # the name lupdate looks for

BEHIND_COLOUR = QColor("#fde2e1")
"""The background of an agent who is behind (a pale red that dark text reads on)."""
OLD_BACKLOG_SECONDS = 24 * 3600
"""A ticket in hand older than this makes its agent *behind*…"""
BEHIND_SHARE = 0.1
"""…and so do SLA breaches and lapsed offers together above this share of their offers (one
late answer in fifty is not being behind; one in five is)."""


class KpiRole(IntEnum):
    SORT = Qt.ItemDataRole.UserRole + 1
    """The raw figure (a number; None sorts first), for sorting."""
    BEHIND = Qt.ItemDataRole.UserRole + 2
    """True on every cell of an agent who is behind."""


@dataclass(frozen=True)
class Column:
    key: str
    """The `KpiRow` field, or ``name`` / ``behind``."""
    header: Callable[[], str]
    duration: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("name", lambda: translate("Kpi", "Agent")),
    Column("behind", lambda: translate("Kpi", "Issues")),
    Column("assigned", lambda: translate("Kpi", "Offered")),
    Column("accepted", lambda: translate("Kpi", "Accepted")),
    Column("resolved", lambda: translate("Kpi", "Resolved")),
    Column("reopened", lambda: translate("Kpi", "Reopened")),
    Column("transferred_in", lambda: translate("Kpi", "Transferred in")),
    Column("transferred_out", lambda: translate("Kpi", "Transferred out")),
    Column("lapsed", lambda: translate("Kpi", "Reassigned on timeout")),
    Column("first_response_median_seconds",
           lambda: translate("Kpi", "First response, median"), True),
    Column("first_response_p90_seconds", lambda: translate("Kpi", "First response, 90th pct."),
           True),
    Column("handling_median_seconds", lambda: translate("Kpi", "Handling, median"), True),
    Column("handling_p90_seconds", lambda: translate("Kpi", "Handling, 90th pct."), True),
    Column("sla_first_response_breaches", lambda: translate("Kpi", "SLA breaches, first response")),
    Column("sla_resolution_breaches", lambda: translate("Kpi", "SLA breaches, resolution")),
    Column("escalation_warnings", lambda: translate("Kpi", "SLA warnings raised")),
    Column("escalation_breaches", lambda: translate("Kpi", "SLA breaches raised")),
    Column("backlog", lambda: translate("Kpi", "Backlog")),
    Column("backlog_oldest_seconds", lambda: translate("Kpi", "Oldest in backlog"), True),
    Column("online_seconds", lambda: translate("Kpi", "Online"), True),
    Column("away_seconds", lambda: translate("Kpi", "Away"), True),
    Column("offline_seconds", lambda: translate("Kpi", "Offline"), True),
    Column("created", lambda: translate("Kpi", "Created")),
)
COLUMN_KEYS = [c.key for c in COLUMNS]


def issues(row: KpiRow) -> list[str]:
    """What went wrong for an agent in the period, in words: SLA breaches, lapsed offers, a
    ticket in hand for more than a day."""
    found = []
    breaches = row.sla_first_response_breaches + row.sla_resolution_breaches
    if breaches:
        found.append(translate("Kpi", "SLA breaches: {n}").format(n=breaches))
    if row.lapsed:
        found.append(translate("Kpi", "lapsed offers: {n}").format(n=row.lapsed))
    oldest = row.backlog_oldest_seconds
    if oldest is not None and oldest > OLD_BACKLOG_SECONDS:
        found.append(translate("Kpi", "oldest open {age}").format(
            age=format_duration(oldest, days=True)))
    return found


def is_behind(row: KpiRow) -> bool:
    """Behind: breaches and lapses above `BEHIND_SHARE` of their offers, or a ticket in hand
    for over a day (docs/supervisors.md)."""
    oldest = row.backlog_oldest_seconds
    if oldest is not None and oldest > OLD_BACKLOG_SECONDS:
        return True
    trouble = row.sla_first_response_breaches + row.sla_resolution_breaches + row.lapsed
    return trouble > 0 and trouble > BEHIND_SHARE * max(1, row.assigned)


def behind_score(row: KpiRow) -> float:
    """How far behind, for sorting: those behind first, then by breaches and lapses, then
    by backlog."""
    breaches = row.sla_first_response_breaches + row.sla_resolution_breaches
    return is_behind(row) * 1e9 + (breaches + row.lapsed) * 1000 + row.backlog


def cell_text(row: KpiRow, column: Column) -> str:
    if column.key == "backlog_oldest_seconds":
        return format_duration(row.backlog_oldest_seconds, days=True)
    if column.key == "name":
        return row.name
    if column.key == "behind":
        return " · ".join(issues(row))
    value = getattr(row, column.key)
    if column.duration:
        return format_duration(value)
    return "" if value is None else str(value)


def cell_value(row: KpiRow, column: Column) -> Any:
    """What the export writes: counts as numbers, everything else as the screen shows it."""
    if column.duration or column.key in ("name", "behind"):
        return cell_text(row, column)
    return getattr(row, column.key)


class AgentKpiModel(QAbstractTableModel):
    """One row per agent of the chosen groups."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[KpiRow] = []
        self.total: KpiRow | None = None

    def set_rows(self, rows: Sequence[KpiRow], total: KpiRow | None = None) -> None:
        """Show a new report. Rows of the same agents in the same order change in place (a
        live update keeps the selection and the scroll position); otherwise a reset."""
        rows = list(rows)
        self.total = total
        same = [r.agent_id for r in rows] == [r.agent_id for r in self.rows]
        if same and rows:
            self.rows = rows
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(rows) - 1, len(COLUMNS) - 1)
            )
            return
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def export_rows(self, order: Sequence[int] | None = None) -> list[list[Any]]:
        """The table as rows of cells, in ``order`` (model rows; default: as stored), then a
        row for the chosen groups together."""
        rows = [self.rows[i] for i in (order if order is not None else range(len(self.rows)))]
        out = [[cell_value(r, c) for c in COLUMNS] for r in rows]
        if self.total is not None:
            total = self.total.model_copy(update={"name": translate("Kpi", "All chosen groups")})
            out.append([cell_value(total, c) if c.key != "behind" else "" for c in COLUMNS])
        return out

    @staticmethod
    def headers() -> list[str]:
        return [c.header() for c in COLUMNS]

    # ------------------------------------------------------------ Qt's interface

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is not Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].header()
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], COLUMNS[index.column()]
        behind = is_behind(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row, column)
        if role == KpiRole.SORT:
            if column.key == "name":
                return row.name
            if column.key == "behind":
                return behind_score(row)
            value = getattr(row, column.key)
            return -1.0 if value is None else float(value)
        if role == KpiRole.BEHIND:
            return behind
        if role == Qt.ItemDataRole.BackgroundRole and behind:
            return QBrush(BEHIND_COLOUR)
        if role == Qt.ItemDataRole.ForegroundRole and behind:
            return QBrush(QColor("#1a1a1a"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column.key not in ("name", "behind"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column.key == "behind" and behind:
            return cell_text(row, column)
        return None
