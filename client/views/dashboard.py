"""The KPI dashboard (绩效), a main-window mode for supervisors and admins: for a period and
groups, the figures of docs/supervisors.md as tiles, four charts and a per-agent table
(who is behind stands out), exported as shown. A period that includes today moves live."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from ticketdesk.common.models import KpiBucket, KpiReport, KpiRow

from ..export import ListSource
from ..models.kpis import COLUMN_KEYS, AgentKpiModel, KpiRole
from ..net.api import ApiError
from ..state.kpis import KpiDashboard, Period, PeriodKind
from ..state.session import ClientSession
from ..timefmt import format_duration, local
from .common import MessageBar, error_text, plain_label, set_style_property
from .export_progress import ExportProgressDialog, ask_export_path, start_export
from .kpi_charts import (
    BACKLOG_COLOUR,
    BREACH_COLOUR,
    CREATED_COLOUR,
    NEUTRAL_COLOUR,
    RESOLVED_COLOUR,
    BarChart,
    Series,
)
from .retranslate import FollowsLanguage, refresh_words

TILES: tuple[str, ...] = (
    "created", "resolved", "transferred_in", "transferred_out", "lapsed", "reopened",
    "first_response_median_seconds", "first_response_p90_seconds", "handling_median_seconds",
    "handling_p90_seconds", "sla_breaches", "escalations", "backlog",
)
"""The tiles: figures of the chosen groups together (`KpiReport.total`)."""


class Tile(QFrame):
    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpiTile")
        self.caption = plain_label(caption, self, wrap=False, object_name="kpiTileCaption")
        self.value = plain_label("–", self, wrap=False, object_name="kpiTileValue")
        self.detail = plain_label("", self, wrap=False, object_name="kpiTileDetail")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)

    def show_value(self, value: str, detail: str = "", alert: bool = False) -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        set_style_property(self, "alert", "true" if alert else "false")


class GroupPicker(QToolButton):
    """A button that opens a check list of groups (several may be chosen; none: all)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpiGroups")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.list = QListWidget(self)
        self.list.setMinimumWidth(220)
        self._pressed: tuple[QListWidgetItem, Qt.CheckState] | None = None
        # A click on a group's name ticks it too, not only a click in its box.
        self.list.itemPressed.connect(lambda item: setattr(self, "_pressed",
                                                           (item, item.checkState())))
        self.list.itemClicked.connect(self._on_clicked)
        menu = QMenu(self)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.list)
        menu.addAction(action)
        self.setMenu(menu)

    def _on_clicked(self, item: QListWidgetItem) -> None:
        pressed, self._pressed = self._pressed, None
        if pressed is not None and pressed[0] is item and item.checkState() == pressed[1]:
            ticked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked)

    def fill(self, groups: list[tuple[int, str]], chosen: set[int]) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for group_id, name in groups:
            item = QListWidgetItem(name, self.list)
            item.setData(Qt.ItemDataRole.UserRole, group_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if group_id in chosen else Qt.CheckState.Unchecked
            )
        row = max(18, self.list.sizeHintForRow(0))
        self.list.setFixedHeight(min(320, 6 + row * max(1, len(groups))))
        self.list.blockSignals(False)

    def chosen(self) -> list[int]:
        return [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_chosen(self, group_ids: set[int]) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in group_ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


class DashboardView(FollowsLanguage, QWidget):
    def __init__(self, session: ClientSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardView")
        self._session = session
        self._state = session.state
        self.kpis = KpiDashboard(session, self)
        self.model = AgentKpiModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(KpiRole.SORT)
        self.export_dialog: ExportProgressDialog | None = None

        # --- choices
        self.period_box = QComboBox(self)
        self.period_box.setObjectName("kpiPeriod")
        for kind in PeriodKind:
            self.period_box.addItem("", kind.value)
        self._name_periods()
        self.from_date = self._date_edit()
        self.texts.set(self.from_date.setAccessibleName, lambda: self.tr("From"))
        self.to_date = self._date_edit()
        self.texts.set(self.to_date.setAccessibleName, lambda: self.tr("To"))
        self.groups_button = GroupPicker(self)
        self.refresh_button = QPushButton(self)
        self.texts.set(self.refresh_button.setText, lambda: self.tr("Refresh"))
        self.export_button = QPushButton(self)
        self.texts.set(self.export_button.setText, lambda: self.tr("Export…"))
        self.export_button.setEnabled(False)
        self.status = plain_label("", self, wrap=False, object_name="kpiStatus")
        choices = QHBoxLayout()
        period_label = plain_label("", self, wrap=False)
        self.texts.set(period_label.setText, lambda: self.tr("Period"))
        period_label.setBuddy(self.period_box)
        choices.addWidget(period_label)
        choices.addWidget(self.period_box)
        choices.addWidget(self.from_date)
        self.dash = plain_label("–", self, wrap=False)
        choices.addWidget(self.dash)
        choices.addWidget(self.to_date)
        choices.addSpacing(12)
        groups_label = plain_label("", self, wrap=False)
        self.texts.set(groups_label.setText, lambda: self.tr("Groups"))
        groups_label.setBuddy(self.groups_button)
        choices.addWidget(groups_label)
        choices.addWidget(self.groups_button)
        choices.addSpacing(12)
        choices.addWidget(self.refresh_button)
        choices.addWidget(self.export_button)
        choices.addStretch(1)
        choices.addWidget(self.status)

        # --- tiles
        self.tiles: dict[str, Tile] = {}
        tiles = QGridLayout()
        tiles.setSpacing(6)
        for i, key in enumerate(TILES):
            tile = Tile("", self)
            self.texts.set(tile.caption.setText, lambda k=key: self._tile_caption(k))
            self.texts.set(tile.setToolTip, lambda k=key: self._tile_definition(k))
            self.tiles[key] = tile
            tiles.addWidget(tile, i // 6, i % 6)

        # --- charts
        self.volume_chart = BarChart("", self)
        self.texts.set(self.volume_chart.set_title,
                       lambda: self.tr("Volume: created and resolved"))
        self.backlog_chart = BarChart("", self, horizontal=True)
        self.texts.set(self.backlog_chart.set_title, lambda: self.tr("Backlog now, by age"))
        self.agents_chart = BarChart("", self)
        self.texts.set(self.agents_chart.set_title, lambda: self.tr("Per agent"))
        self.response_chart = BarChart("", self, horizontal=True)
        self.texts.set(self.response_chart.set_title,
                       lambda: self.tr("First response: how long it took"))
        charts = QWidget(self)
        chart_row = QHBoxLayout(charts)
        chart_row.setContentsMargins(0, 0, 0, 0)
        for chart in (self.volume_chart, self.backlog_chart, self.agents_chart,
                      self.response_chart):
            chart_row.addWidget(chart, 1)
        for i, stretch in enumerate((3, 2, 3, 3)):
            chart_row.setStretch(i, stretch)

        # --- the table
        self.table = QTableView(self)
        self.table.setObjectName("kpiAgents")
        self.texts.set(self.table.setAccessibleName, lambda: self.tr("Figures per agent"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicator(COLUMN_KEYS.index("behind"), Qt.SortOrder.DescendingOrder)
        self.table_title = plain_label("", self, object_name="sectionTitle")
        self.texts.set(self.table_title.setText, lambda: self.tr(
            "Per agent — red: behind (SLA breaches and lapsed offers over a tenth of "
            "their offers, or a ticket in hand for over a day); click a column to sort"))
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.table_title)
        lower_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(charts)
        self.splitter.addWidget(lower)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([260, 300])

        self.message = MessageBar(self)
        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addWidget(self.message)
        layout.addLayout(tiles)
        layout.addWidget(self.splitter, 1)

        self.period_box.currentIndexChanged.connect(self._on_period_chosen)
        self.from_date.dateChanged.connect(self._on_custom_dates)
        self.to_date.dateChanged.connect(self._on_custom_dates)
        self.groups_button.list.itemChanged.connect(self._on_groups_chosen)
        self.refresh_button.clicked.connect(self.kpis.refresh)
        self.export_button.clicked.connect(self._ask_export)
        self.kpis.report_changed.connect(self._show_report)
        self.kpis.loading_changed.connect(self._update_status)
        self.kpis.failed.connect(self._on_failed)
        self._state.groups_changed.connect(self._fill_groups)
        self._fill_groups(initial=True)
        self._show_period(self.kpis.period)
        self.kpis.refresh()

    def _name_periods(self) -> None:
        names = {
            PeriodKind.TODAY: self.tr("Today"),
            PeriodKind.YESTERDAY: self.tr("Yesterday"),
            PeriodKind.LAST_7_DAYS: self.tr("Last 7 days"),
            PeriodKind.LAST_WEEK: self.tr("Last week (Mon–Sun)"),
            PeriodKind.THIS_MONTH: self.tr("This month"),
            PeriodKind.CUSTOM: self.tr("Custom range"),
        }
        for row in range(self.period_box.count()):
            self.period_box.setItemText(row, names[PeriodKind(self.period_box.itemData(row))])

    def retranslate(self) -> None:
        """Every word in the language now installed: choices, tiles, charts, the table."""
        self.texts.retranslate()
        self._name_periods()
        self._update_groups_text()
        self._show_report()  # the figures' words (units, legends, details) anew
        self._update_status()
        refresh_words(self.proxy)

    def _tile_caption(self, key: str) -> str:
        captions = {
            "created": self.tr("Created"),
            "resolved": self.tr("Resolved"),
            "transferred_in": self.tr("Transferred in"),
            "transferred_out": self.tr("Transferred out"),
            "lapsed": self.tr("Reassigned on timeout"),
            "reopened": self.tr("Reopened"),
            "first_response_median_seconds": self.tr("First response, median"),
            "first_response_p90_seconds": self.tr("First response, 90th pct."),
            "handling_median_seconds": self.tr("Handling, median"),
            "handling_p90_seconds": self.tr("Handling, 90th pct."),
            "sla_breaches": self.tr("SLA breaches"),
            "escalations": self.tr("SLA escalations"),
            "backlog": self.tr("Backlog now"),
        }
        return captions[key]

    def _tile_definition(self, key: str) -> str:
        """What the figure counts, in a sentence (docs/supervisors.md has them all)."""
        definitions = {
            "created": self.tr("Tickets created into the chosen groups in the period."),
            "resolved": self.tr("Resolutions in the period (resolved again after a reopening "
                                "counts again)."),
            "transferred_in": self.tr("Transfers into a chosen group from another group."),
            "transferred_out": self.tr("Transfers out of a chosen group."),
            "lapsed": self.tr("Offers not accepted within the group's accept timeout."),
            "reopened": self.tr("Resolved tickets opened again."),
            "first_response_median_seconds": self.tr(
                "Creation to first acceptance, over the tickets first accepted in the period."),
            "first_response_p90_seconds": self.tr(
                "Nine in ten first responses took at most this long."),
            "handling_median_seconds": self.tr(
                "Latest acceptance to resolution, over the period's resolutions."),
            "handling_p90_seconds": self.tr("Nine in ten resolutions took at most this long."),
            "sla_breaches": self.tr("First responses and resolutions later than the ticket "
                                    "type's targets."),
            "escalations": self.tr("Warnings and breaches the server raised while the "
                                   "chosen groups held the tickets."),
            "backlog": self.tr("Open tickets now, whatever the period, and the age of the "
                               "oldest."),
        }
        return definitions[key]

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    # ------------------------------------------------------------ choices → state

    def _fill_groups(self, initial: bool = False) -> None:
        me = self._state.me
        groups = sorted(self._state.groups.values(), key=lambda g: g.name)
        mine = {g.id for g in groups if me is not None and me.id in g.supervisor_ids}
        if not mine and me is not None:
            mine = set(me.group_ids) & {g.id for g in groups}  # else the groups I belong to
        # Those first; at the start they are the ones chosen (none: all groups).
        ordered = sorted(groups, key=lambda g: (g.id not in mine, g.name))
        chosen = mine if initial else set(self.kpis.group_ids)
        self.groups_button.fill([(g.id, g.name) for g in ordered], chosen)
        if initial:
            self.kpis.group_ids = tuple(sorted(chosen))
        self._update_groups_text()

    def _update_groups_text(self) -> None:
        chosen = self.groups_button.chosen()
        if not chosen:
            text = self.tr("All groups")
        else:
            text = "、".join(self._state.group_name(g) for g in chosen)
        self.groups_button.setText(text)

    def _on_groups_chosen(self, *_: object) -> None:
        self._update_groups_text()
        self.kpis.set_groups(self.groups_button.chosen())

    def choose_groups(self, group_ids: set[int]) -> None:
        """Choose these groups (none: all), as ticking them in the list does."""
        self.groups_button.list.blockSignals(True)
        self.groups_button.set_chosen(group_ids)
        self.groups_button.list.blockSignals(False)
        self._on_groups_chosen()

    def _on_period_chosen(self) -> None:
        kind = PeriodKind(self.period_box.currentData())
        if kind is PeriodKind.CUSTOM:
            self._on_custom_dates()
            return
        self.kpis.choose(kind)
        self._show_period(self.kpis.period)

    def _on_custom_dates(self) -> None:
        if self.period_box.currentData() != PeriodKind.CUSTOM.value:
            return
        first, last = self.from_date.date().toPython(), self.to_date.date().toPython()
        self.kpis.choose(PeriodKind.CUSTOM, first, last)
        self._show_period(self.kpis.period)

    def set_period(self, period: Period) -> None:
        """Show ``period`` (e.g. a custom one to the minute)."""
        self.period_box.blockSignals(True)
        self.period_box.setCurrentIndex(self.period_box.findData(period.kind.value))
        self.period_box.blockSignals(False)
        self.kpis.set_period(period)
        self._show_period(period)

    def _show_period(self, period: Period) -> None:
        """The dates of the period in the date fields (editable for a custom range)."""
        custom = period.kind is PeriodKind.CUSTOM
        for edit, moment in ((self.from_date, period.start),
                             (self.to_date, period.end - timedelta(microseconds=1))):
            edit.blockSignals(True)
            edit.setDate(QDate(local(moment).date()))
            edit.setEnabled(custom)
            edit.blockSignals(False)

    # ------------------------------------------------------------ state → screen

    def _update_status(self) -> None:
        if self.kpis.loading:
            self.status.setText(self.tr("Loading…"))
            return
        at = self.kpis.updated_at
        when = local(at).strftime("%H:%M:%S") if at else ""
        if self.kpis.live:
            text = self.tr("● Live: today's figures update as events arrive (as of {time})")
        else:
            text = self.tr("Figures as of {time}")
        self.status.setText(text.format(time=when))
        set_style_property(self.status, "live", "true" if self.kpis.live else "false")

    def _on_failed(self, error: ApiError) -> None:
        self.message.show_error(
            lambda: self.tr("Could not load the KPIs: {reason}").format(reason=error_text(error))
        )
        self._update_status()

    def _show_report(self) -> None:
        report = self.kpis.report
        if report is None:
            return
        self.message.clear_message()
        self._show_tiles(report.total or KpiRow(name=""))
        self.model.set_rows(report.agents or report.rows, report.total)
        if self.table.columnWidth(0) <= 100:
            self.table.resizeColumnsToContents()
        self.export_button.setEnabled(True)
        self._show_charts(report)
        self._update_status()

    def _show_tiles(self, total: KpiRow) -> None:
        for key in ("created", "resolved", "transferred_in", "transferred_out", "lapsed",
                    "reopened", "backlog"):
            self.tiles[key].show_value(str(getattr(total, key)))
        self.tiles["lapsed"].show_value(str(total.lapsed), alert=total.lapsed > 0)
        for key in ("first_response_median_seconds", "first_response_p90_seconds",
                    "handling_median_seconds", "handling_p90_seconds"):
            self.tiles[key].show_value(format_duration(getattr(total, key)))
        self.tiles["first_response_median_seconds"].detail.setText(
            self.tr("{n} first responses").format(n=total.first_responses))
        self.tiles["handling_median_seconds"].detail.setText(
            self.tr("{n} resolutions").format(n=total.resolved))
        fr, res = total.sla_first_response_breaches, total.sla_resolution_breaches
        self.tiles["sla_breaches"].show_value(
            str(fr + res),
            self.tr("first response {fr} · resolution {res}").format(fr=fr, res=res),
            alert=fr + res > 0,
        )
        warned, breached = total.escalation_warnings, total.escalation_breaches
        self.tiles["escalations"].show_value(
            str(warned + breached),
            self.tr("warnings {w} · breaches {b}").format(w=warned, b=breached),
            alert=breached > 0,
        )
        oldest = total.backlog_oldest_seconds
        age = format_duration(oldest, days=True) if oldest else ""
        self.tiles["backlog"].show_value(
            str(total.backlog), self.tr("oldest {age}").format(age=age) if age else ""
        )

    def _show_charts(self, report: KpiReport) -> None:
        if report.step == "hour":
            labels = [local(p.start).strftime("%H") for p in report.series]
        else:
            labels = [local(p.start).strftime("%m-%d") for p in report.series]
        self.volume_chart.set_bars(labels, [
            Series(self.tr("Created"), [p.created for p in report.series], CREATED_COLOUR),
            Series(self.tr("Resolved"), [p.resolved for p in report.series], RESOLVED_COLOUR),
        ])
        self.backlog_chart.set_bars(
            [self._bucket_label(b) for b in report.backlog_age],
            [Series(self.tr("Open tickets"), [b.count for b in report.backlog_age],
                    BACKLOG_COLOUR)],
        )
        agents = report.agents or report.rows
        self.agents_chart.set_bars([a.name for a in agents], [
            Series(self.tr("Resolved"), [a.resolved for a in agents], RESOLVED_COLOUR),
            Series(self.tr("Backlog"), [a.backlog for a in agents], BACKLOG_COLOUR),
            Series(self.tr("SLA breaches"),
                   [a.sla_first_response_breaches + a.sla_resolution_breaches for a in agents],
                   BREACH_COLOUR),
        ])
        self.response_chart.set_bars(
            [self._bucket_label(b) for b in report.first_response_histogram],
            [Series(self.tr("First responses"),
                    [b.count for b in report.first_response_histogram], NEUTRAL_COLOUR)],
        )

    def _bucket_label(self, bucket: KpiBucket) -> str:
        """A bucket's bounds, short enough for an axis: ``<1 h``, ``1–4 h``, ``30 min–1 h``,
        ``>3 d``."""

        def unit(seconds: int) -> tuple[int, str]:
            if seconds >= 86400 and seconds % 86400 == 0:
                return seconds // 86400, self.tr("d")
            if seconds >= 3600 and seconds % 3600 == 0:
                return seconds // 3600, self.tr("h")
            return seconds // 60, self.tr("min")

        if bucket.to_seconds is None:
            return ">{} {}".format(*unit(bucket.from_seconds))
        (high, high_unit) = unit(bucket.to_seconds)
        if bucket.from_seconds == 0:
            return f"<{high} {high_unit}"
        low, low_unit = unit(bucket.from_seconds)
        if low_unit == high_unit:
            return f"{low}–{high} {high_unit}"
        return f"{low} {low_unit}–{high} {high_unit}"

    # ------------------------------------------------------------ export

    def export_rows(self) -> list[list[object]]:
        """The table as on screen (in its sort order), then the chosen groups together."""
        order = [self.proxy.mapToSource(self.proxy.index(r, 0)).row()
                 for r in range(self.proxy.rowCount())]
        return self.model.export_rows(order)

    def _ask_export(self) -> None:
        path = ask_export_path(self, self.tr("kpis"))
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> ExportProgressDialog | None:
        """Write the per-agent table and the totals, as shown, to ``path`` (.xlsx or .csv)."""
        if self.kpis.report is None:
            return None
        source = ListSource(self.model.headers(), self.export_rows())
        self.export_dialog = start_export(source, path, self)
        return self.export_dialog
