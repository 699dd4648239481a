"""Assisted routing in the pickers: groups and members with the figures of
``GET /routing/hints`` beside each choice (queue, online, free capacity, working hours now,
whom the engine would choose and why), and the words for them. Fed by
`state.routing.RoutingHintsSource`; until its first answer, the directory's own figures."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from ticketdesk.common.enums import Presence
from ticketdesk.common.models import AgentHint, GroupHint, GroupPublic, RoutingHints

from ..labels import assign_rule_label, joined, load_text, presence_label
from ..plaintext import plain_tooltip
from ..state.cache import ClientState
from ..state.routing import RoutingHintsSource
from ..timefmt import local
from .groups import PickRole, waiting

translate = QCoreApplication.translate  # the name lupdate looks for

AnyIndex = QModelIndex | QPersistentModelIndex


# ---------------------------------------------------------------- words


def opening_time(moment: datetime, now: datetime) -> str:
    """``09:00`` today, ``tomorrow 09:00``, else ``12-05 09:00`` (local time)."""
    at, today = local(moment), local(now).date()
    clock = at.strftime("%H:%M")
    if at.date() == today:
        return clock
    if at.date() == today + timedelta(days=1):
        return translate("Routing", "tomorrow {time}").format(time=clock)
    return at.strftime("%m-%d ") + clock


def hours_text(hint: GroupHint, now: datetime) -> str:
    """Whether the group works now: ``open``, ``closed, opens 09:00``, ``inactive``."""
    if not hint.active:
        return translate("Routing", "inactive")
    if hint.open_now:
        return translate("Routing", "open")
    if hint.opens_at is None:
        return translate("Routing", "closed, no shift ahead")
    return translate("Routing", "closed, opens {time}").format(
        time=opening_time(hint.opens_at, now)
    )


def pick_text(hint: GroupHint) -> str:
    """Whom the engine would give it to there now, and why; or why nobody."""
    if hint.pick is not None:
        return translate("Routing", "{name} · {rule}").format(
            name=hint.pick.name, rule=assign_rule_label(hint.pick.rule)
        )
    return {
        "closed": translate("Routing", "held until it opens"),
        "inactive": translate("Routing", "not accepting tickets"),
        "nobody_eligible": translate("Routing", "waits: nobody online with room"),
    }.get(hint.no_pick or "", "")


def group_line(hint: GroupHint, now: datetime) -> str:
    """One line for a group: ``售后 · queue 4 · online 3 · free 5 · open``."""
    return translate("Routing", "{name} · queue {queue} · online {online} · free {free} · {hours}"
                     ).format(name=hint.name, queue=hint.queued + hint.held, online=hint.online,
                              free=hint.free_capacity, hours=hours_text(hint, now))


def order_line(hints: RoutingHints | None, state: ClientState) -> str:
    """Who the ticket's order points to: its owner and who handled it before."""
    if hints is None or not hints.order_no:
        return ""
    parts = [translate("Routing", "Order {order_no}").format(order_no=hints.order_no)]
    if hints.order_owner is not None:
        groups = _groups_of(hints, hints.order_owner.id, owner=True)
        name = hints.order_owner.name
        parts.append(
            translate("Routing", "owner {name} ({groups})").format(name=name, groups=groups)
            if groups else translate("Routing", "owner {name}").format(name=name)
        )
    if hints.previous_handlers:
        parts.append(translate("Routing", "handled before by {names}").format(
            names=joined(p.name for p in hints.previous_handlers)))
    if len(parts) == 1:
        parts.append(translate("Routing", "no owner known, not handled before"))
    return " · ".join(parts)


def _groups_of(hints: RoutingHints, user_id: int, *, owner: bool) -> str:
    """The groups (by name) the person is a member of, as far as the hints tell."""
    names = []
    for group in hints.groups:
        if group.agents is not None:
            if any(a.id == user_id for a in group.agents):
                names.append(group.name)
        elif owner and group.has_order_owner:
            names.append(group.name)
    return "、".join(names)


def agent_marks(agent: AgentHint, hint: GroupHint | None) -> str:
    """``order owner · engine's pick`` for a member."""
    marks = []
    if agent.order_owner:
        marks.append(translate("Routing", "order owner"))
    if agent.previous_handler:
        marks.append(translate("Routing", "handled before"))
    if hint is not None and hint.pick is not None and hint.pick.agent_id == agent.id:
        marks.append(translate("Routing", "engine's pick ({rule})").format(
            rule=assign_rule_label(hint.pick.rule)))
    return " · ".join(marks)


# ---------------------------------------------------------------- groups


class HintColumn(IntEnum):
    GROUP = 0
    WAITING = 1
    ONLINE = 2
    FREE = 3
    HOURS = 4
    PICK = 5
    LINE = 6
    """Everything in one line (the new-ticket dialog's group list shows this column)."""


class GroupHintModel(QAbstractTableModel):
    """Active groups by name, each with its routing figures; ``exclude`` (the ticket's own
    group) is listed but cannot be chosen. ``Qt.UserRole`` and ``PickRole.ID``: the id."""

    def __init__(
        self,
        state: ClientState,
        source: RoutingHintsSource,
        *,
        now: Any,
        exclude: int | None = None,
        parent: Any = None,
    ) -> None:
        """``now``: the server's clock (a callable), for "opens 09:00" against today."""
        super().__init__(parent)
        self._state = state
        self._source = source
        self._now = now
        self._exclude = exclude
        self._ids = self._load_ids()
        state.groups_changed.connect(self._on_changed)
        source.changed.connect(self._on_changed)

    def _load_ids(self) -> list[int]:
        groups = [g for g in self._state.groups.values() if g.active]
        return [g.id for g in sorted(groups, key=lambda g: g.name)]

    def _on_changed(self) -> None:
        ids = self._load_ids()
        if ids == self._ids:
            if ids:  # the same groups; only their figures moved
                last = self.index(len(ids) - 1, len(HintColumn) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self._ids = ids
        self.endResetModel()

    def row_of(self, group_id: int) -> int:
        return self._ids.index(group_id) if group_id in self._ids else -1

    def hint(self, group_id: int) -> GroupHint | None:
        return self._source.group(group_id)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HintColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(HintColumn):
            return None
        return {
            HintColumn.GROUP: translate("Routing", "Group"),
            HintColumn.WAITING: translate("Routing", "Queue"),
            HintColumn.ONLINE: translate("Routing", "Online"),
            HintColumn.FREE: translate("Routing", "Free"),
            HintColumn.HOURS: translate("Routing", "Hours"),
            HintColumn.PICK: translate("Routing", "Would go to"),
            HintColumn.LINE: translate("Routing", "Group"),
        }[HintColumn(section)]

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._ids[index.row()] == self._exclude:
            return Qt.ItemFlag.ItemNeverHasChildren
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        group = self._state.groups.get(self._ids[index.row()])
        if group is None:
            return None
        column = HintColumn(index.column())
        hint = self._source.group(group.id)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(group, hint, column)
        if role in (PickRole.ID, Qt.ItemDataRole.UserRole):
            return group.id
        if role == PickRole.NAME:
            return group.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(group, hint)
        if role == Qt.ItemDataRole.FontRole and hint is not None and (
            hint.has_order_owner or hint.has_previous_handler
        ):
            font = QFont()
            font.setBold(True)  # where the order's people are: worth a look
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            HintColumn.WAITING, HintColumn.ONLINE, HintColumn.FREE
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, group: GroupPublic, hint: GroupHint | None, column: HintColumn) -> str:
        if column is HintColumn.GROUP:
            name = group.name
            if group.id == self._exclude:
                name = translate("Routing", "{name} (current group)").format(name=name)
            marks = []
            if hint is not None and hint.has_order_owner:
                marks.append(translate("Routing", "order owner"))
            if hint is not None and hint.has_previous_handler:
                marks.append(translate("Routing", "handled before"))
            return f"{name} ★ {' · '.join(marks)}" if marks else name
        if hint is None:  # not yet answered: what the directory knows
            if column is HintColumn.WAITING:
                return str(waiting(group)) if group.load else ""
            if column is HintColumn.ONLINE and group.load:
                return str(group.load.online)
            if column is HintColumn.LINE:
                return group.name
            return ""
        now = self._now()
        match column:
            case HintColumn.WAITING:
                return str(hint.queued + hint.held)
            case HintColumn.ONLINE:
                return translate("Routing", "{online} of {members}").format(
                    online=hint.online, members=hint.members)
            case HintColumn.FREE:
                return str(hint.free_capacity)
            case HintColumn.HOURS:
                return hours_text(hint, now)
            case HintColumn.PICK:
                return pick_text(hint)
            case _:
                return group_line(hint, now)

    def _tooltip(self, group: GroupPublic, hint: GroupHint | None) -> str:
        lines = [group.description] if group.description else []
        if hint is not None:
            lines.append(group_line(hint, self._now()))
            if pick_text(hint):
                lines.append(translate("Routing", "The engine would now give it to: {pick}"
                                       ).format(pick=pick_text(hint)))
        return plain_tooltip("\n".join(lines)) if lines else ""


# ---------------------------------------------------------------- members


class MemberHintColumn(IntEnum):
    NAME = 0
    PRESENCE = 1
    LOAD = 2
    MARKS = 3


class MemberHintModel(QAbstractTableModel):
    """A group's members with presence, load / capacity and the marks (order owner, handled
    before, the engine's pick). Supervisors get the members from the hints; until then (or
    for an agent) from the directory."""

    def __init__(
        self, state: ClientState, source: RoutingHintsSource, group_id: int, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._state = state
        self._source = source
        self._group_id = group_id
        self._ids = self._load_ids()
        source.changed.connect(self._on_changed)
        state.users_changed.connect(self._on_changed)
        state.user_changed.connect(self._on_user_changed)

    def _agents(self) -> dict[int, AgentHint]:
        hint = self._source.group(self._group_id)
        return {a.id: a for a in hint.agents} if hint is not None and hint.agents else {}

    def _load_ids(self) -> list[int]:
        members = [u for u in self._state.members(self._group_id)]
        return [u.id for u in members]

    def _on_changed(self) -> None:
        ids = self._load_ids()
        if ids == self._ids:
            if ids:
                last = self.index(len(ids) - 1, len(MemberHintColumn) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self._ids = ids
        self.endResetModel()

    def _on_user_changed(self, user_id: int) -> None:
        if user_id in self._ids:
            row = self._ids.index(user_id)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(MemberHintColumn) - 1))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(MemberHintColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(MemberHintColumn):
            return None
        return {
            MemberHintColumn.NAME: translate("Routing", "Agent"),
            MemberHintColumn.PRESENCE: translate("Routing", "Status"),
            MemberHintColumn.LOAD: translate("Routing", "Load"),
            MemberHintColumn.MARKS: translate("Routing", "Routing"),
        }[MemberHintColumn(section)]

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        user = self._state.users.get(self._ids[index.row()])
        if user is None:
            return None
        column = MemberHintColumn(index.column())
        agent = self._agents().get(user.id)
        if role == Qt.ItemDataRole.DisplayRole:
            if column is MemberHintColumn.NAME:
                return user.display_name
            if column is MemberHintColumn.PRESENCE:
                return presence_label(user.presence)
            if column is MemberHintColumn.LOAD:
                if agent is None:
                    return str(self._state.working_count(user.id, self._group_id))
                return load_text(agent.load, agent.capacity)  # as the board's load bar
            return agent_marks(agent, self._source.group(self._group_id)) if agent else ""
        if role in (PickRole.ID, Qt.ItemDataRole.UserRole):
            return user.id
        if role == PickRole.NAME:
            return user.display_name
        if role == Qt.ItemDataRole.FontRole and agent is not None and agent_marks(
            agent, self._source.group(self._group_id)
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column is MemberHintColumn.LOAD and (
            agent is not None and agent.load >= agent.capacity
        ):
            return Qt.GlobalColor.darkRed  # at capacity: assigning needs the override
        if role == Qt.ItemDataRole.ForegroundRole and user.presence is not Presence.ONLINE:
            return Qt.GlobalColor.gray
        if role == Qt.ItemDataRole.TextAlignmentRole and column is MemberHintColumn.LOAD:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
