"""`TimelineModel`: one ticket's record (处理记录), oldest first, growing as events arrive."""

from __future__ import annotations

from bisect import bisect_left
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from ticketdesk.common.enums import AssignReason, EventKind
from ticketdesk.common.models import EventPublic

from ..labels import assign_rule_label, event_kind_label, priority_label
from ..state.cache import ClientState
from ..timefmt import format_time

translate = QCoreApplication.translate  # the name lupdate looks for

AnyIndex = QModelIndex | QPersistentModelIndex


class TimelineRole(IntEnum):
    EVENT = Qt.ItemDataRole.UserRole + 1
    HEADLINE = Qt.ItemDataRole.UserRole + 2
    """What happened, in one sentence with names: "李娜 transferred it from 热线 to 售后"."""
    DETAIL = Qt.ItemDataRole.UserRole + 3
    """The words someone wrote with it (a comment, a transfer note), shown as plain text."""
    TIME = Qt.ItemDataRole.UserRole + 4
    """When, in local time."""
    KIND = Qt.ItemDataRole.UserRole + 5
    EXPLANATION = Qt.ItemDataRole.UserRole + 6
    ATTACHMENT = Qt.ItemDataRole.UserRole + 7
    """For an ``attached`` step: ``{"id", "name", "size", "content_type"}``; else None."""
    """Why it happened, beyond the headline, in the system's words: the agents the engine
    considered with their load, a manual assignment over capacity. Empty when nothing more
    is to be said."""


class TimelineModel(QAbstractListModel):
    def __init__(self, state: ClientState, parent: Any = None) -> None:
        super().__init__(parent)
        self._state = state
        self.ticket_id: int | None = None
        self._ids: list[int] = []
        state.timeline_reset.connect(self._on_reset)
        state.timeline_event_added.connect(self._on_added)
        state.users_changed.connect(self._on_names_changed)
        state.groups_changed.connect(self._on_names_changed)

    def set_ticket(self, ticket_id: int | None) -> None:
        self.beginResetModel()
        self.ticket_id = ticket_id
        self._ids = self._load_ids()
        self.endResetModel()

    def _load_ids(self) -> list[int]:
        if self.ticket_id is None:
            return []
        return sorted(self._state.timelines.get(self.ticket_id, {}))

    def _event(self, row: int) -> EventPublic | None:
        if self.ticket_id is None or not 0 <= row < len(self._ids):
            return None
        return self._state.timelines.get(self.ticket_id, {}).get(self._ids[row])

    # ------------------------------------------------------------ Qt model API

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        event = self._event(index.row())
        if event is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, TimelineRole.HEADLINE):
            return describe(event, self._state)
        if role == TimelineRole.DETAIL:
            return detail_text(event)
        if role == TimelineRole.EXPLANATION:
            return explain(event, self._state)
        if role == TimelineRole.TIME:
            return format_time(event.created_at)
        if role == TimelineRole.EVENT:
            return event
        if role == TimelineRole.KIND:
            return event.kind.value
        if role == TimelineRole.ATTACHMENT:
            return attachment_of(event)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{event_kind_label(event.kind)} · {format_time(event.created_at)}"
        return None

    # ------------------------------------------------------------ state → rows

    def _on_reset(self, ticket_id: int) -> None:
        if ticket_id == self.ticket_id:
            self.set_ticket(ticket_id)

    def _on_added(self, ticket_id: int, event_id: int) -> None:
        if ticket_id != self.ticket_id or event_id in self._ids:
            return
        row = bisect_left(self._ids, event_id)
        self.beginInsertRows(QModelIndex(), row, row)
        self._ids.insert(row, event_id)
        self.endInsertRows()

    def _on_names_changed(self) -> None:
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, 0))


def detail_text(event: EventPublic) -> str:
    """The free text that came with the step; empty when there was none."""
    data = event.data
    text = data.get("body") if event.kind is EventKind.COMMENTED else data.get("note")
    return text if isinstance(text, str) else ""


def attachment_of(event: EventPublic) -> dict[str, Any] | None:
    data = event.data
    if event.kind is not EventKind.ATTACHED or not isinstance(data.get("attachment_id"), int):
        return None
    return {"id": data["attachment_id"], "ticket_id": event.ticket_id,
            "name": str(data.get("name", "")), "size": int(data.get("size") or 0),
            "content_type": str(data.get("content_type", ""))}


def file_size(value: Any) -> str:
    size = value if isinstance(value, int) else 0
    if size < 1024:
        return translate("Timeline", "{n} bytes").format(n=size)
    if size < 1024 * 1024:
        return translate("Timeline", "{n} KB").format(n=f"{size / 1024:.0f}")
    return translate("Timeline", "{n} MB").format(n=f"{size / 2**20:.1f}")


def _name(value: Any, fallback: str) -> str:
    return value if isinstance(value, str) and value else fallback


def describe(event: EventPublic, state: ClientState) -> str:
    """One sentence saying who did what, naming people and groups."""
    data = event.data
    actor = event.actor_name or translate("Timeline", "System")
    group = _name(data.get("group"), state.group_name(data.get("group_id")))
    agent = _name(data.get("agent"), state.user_name(data.get("agent_id")))
    match event.kind:
        case EventKind.CREATED:
            priority = data.get("priority")
            try:
                level = priority_label(priority) if priority else ""
            except KeyError:
                level = ""
            if level:
                return translate(
                    "Timeline", "{actor} created the ticket for {group} ({priority})"
                ).format(actor=actor, group=group, priority=level)
            return translate("Timeline", "{actor} created the ticket for {group}").format(
                actor=actor, group=group
            )
        case EventKind.QUEUED:
            return translate("Timeline", "Waiting in the queue of {group}").format(group=group)
        case EventKind.HELD:
            until = _parse_time(data.get("until"))
            if until is not None:
                return translate(
                    "Timeline", "Held until {time}: {group} is outside working hours"
                ).format(group=group, time=format_time(until))
            return translate("Timeline", "Held: {group} is outside working hours").format(
                group=group
            )
        case EventKind.RELEASED:
            return translate("Timeline", "Released: {group}'s shift started").format(group=group)
        case EventKind.ASSIGNED:
            return _describe_assignment(data, actor, agent, state)
        case EventKind.UNASSIGNED:
            return _describe_unassignment(data, actor, state)
        case EventKind.ACCEPTED:
            return translate("Timeline", "{actor} accepted the ticket").format(actor=actor)
        case EventKind.COMMENTED:
            return translate("Timeline", "{actor} commented").format(actor=actor)
        case EventKind.ATTACHED:
            text = (translate("Timeline", "{actor} attached {name} ({size}) to the comment")
                    if data.get("comment_id") else
                    translate("Timeline", "{actor} attached {name} ({size})"))
            return text.format(actor=actor, name=_name(data.get("name"), "?"),
                               size=file_size(data.get("size")))
        case EventKind.TRANSFERRED:
            source = _name(data.get("from_group"), state.group_name(data.get("from_group_id")))
            target = _name(data.get("to_group"), state.group_name(data.get("to_group_id")))
            return translate("Timeline", "{actor} transferred it from {source} to {target}").format(
                actor=actor, source=source, target=target
            )
        case EventKind.PENDING:
            return translate("Timeline", "{actor} set it pending").format(actor=actor)
        case EventKind.RESUMED:
            return translate("Timeline", "{actor} resumed work on it").format(actor=actor)
        case EventKind.RESOLVED:
            return translate("Timeline", "{actor} resolved the ticket").format(actor=actor)
        case EventKind.REOPENED:
            return translate("Timeline", "{actor} reopened the ticket").format(actor=actor)
        case EventKind.CLOSED:
            return translate("Timeline", "{actor} closed the ticket").format(actor=actor)
        case EventKind.UPDATED:
            return translate("Timeline", "{actor} updated the ticket").format(actor=actor)
        case EventKind.SLA_WARNING | EventKind.SLA_BREACHED:
            return _describe_escalation(event)
        case EventKind.SLA_PRIORITY_RAISED:
            try:
                raised = priority_label(data.get("to"))
            except KeyError:
                raised = str(data.get("to", ""))
            return translate("Timeline", "SLA: priority raised to {priority}").format(
                priority=raised)
        case EventKind.SLA_NOTIFIED:
            return translate("Timeline", "SLA: {group} notified").format(
                group=_name(data.get("group"), state.group_name(data.get("group_id"))))
        case _:
            return translate("Timeline", "{actor}: {what}").format(
                actor=actor, what=event_kind_label(event.kind)
            )


def _describe_escalation(event: EventPublic) -> str:
    due = _parse_time(event.data.get("due_at"))
    when = format_time(due) if due is not None else ""
    first = event.data.get("target") == "first_response"
    if event.kind is EventKind.SLA_WARNING:
        text = (translate("Timeline", "SLA warning: first response due at {time}") if first
                else translate("Timeline", "SLA warning: resolution due at {time}"))
    else:
        text = (translate("Timeline", "SLA breached: no first response by {time}") if first
                else translate("Timeline", "SLA breached: not resolved by {time}"))
    return text.format(time=when)


def _describe_unassignment(data: dict[str, Any], actor: str, state: ClientState) -> str:
    previous = state.user_name(data.get("previous_assignee_id"))
    match data.get("reason"):
        case "agent_offline":
            text = translate("Timeline", "{agent} went offline; back to the queue")
        case "accept_timeout":
            text = translate("Timeline", "{agent} did not accept in time; back to the queue")
        case _ if previous:
            text = translate("Timeline", "{actor} took it back from {agent} to the queue")
        case _:
            text = translate("Timeline", "{actor} returned it to the queue")
    return text.format(actor=actor, agent=previous)


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


_RULE_OF_REASON = {
    AssignReason.ORDER_OWNER: "order_owner",
    AssignReason.PREVIOUS_HANDLER: "previous_handler",
}
CANDIDATES_SHOWN = 5
"""Candidates named in a timeline entry; the rest are counted."""


def _describe_assignment(data: dict[str, Any], actor: str, agent: str, state: ClientState) -> str:
    reason = data.get("reason")
    rule = data.get("rule") or _RULE_OF_REASON.get(reason, "")
    previous = state.user_name(data.get("previous_assignee_id"))
    match reason:
        case AssignReason.AUTO | AssignReason.ORDER_OWNER | AssignReason.PREVIOUS_HANDLER:
            text = {
                "order_owner": translate(
                    "Timeline", "Assigned to {agent} automatically: owner of the order"
                ),
                "previous_handler": translate(
                    "Timeline", "Assigned to {agent} automatically: handled this order before"
                ),
                "least_loaded": translate(
                    "Timeline", "Assigned to {agent} automatically: least loaded"
                ),
            }.get(rule, translate("Timeline", "Assigned to {agent} automatically"))
        case AssignReason.REASSIGNED_TIMEOUT if previous and rule:
            text = translate(
                "Timeline", "{previous} did not accept in time; reassigned to {agent} ({rule})"
            )
        case AssignReason.REASSIGNED_TIMEOUT:
            text = translate("Timeline", "Reassigned to {agent}: not accepted in time")
        case AssignReason.MANUAL if previous and previous != agent:
            text = translate("Timeline", "{actor} reassigned it from {previous} to {agent}")
        case AssignReason.MANUAL:
            text = translate("Timeline", "{actor} assigned it to {agent}")
        case AssignReason.TAKEN:
            text = translate("Timeline", "{agent} took it from the queue")
        case _:
            text = translate("Timeline", "Assigned to {agent}")
    return text.format(
        actor=actor, agent=agent, previous=previous, rule=assign_rule_label(str(rule))
    )


def explain(event: EventPublic, state: ClientState) -> str:
    """The particulars behind an assignment: whom the engine considered (name load/capacity,
    best first), or that a supervisor assigned over capacity."""
    if event.kind is not EventKind.ASSIGNED:
        return ""
    data = event.data
    parts: list[str] = []
    candidates = data.get("candidates")
    if isinstance(candidates, list) and candidates:
        shown = [
            translate("Timeline", "{name} {load}/{capacity}").format(
                name=state.user_name(c.get("id")), load=c.get("load"), capacity=c.get("capacity")
            )
            for c in candidates[:CANDIDATES_SHOWN]
            if isinstance(c, dict) and isinstance(c.get("id"), int)
        ]
        names = translate("Timeline", ", ").join(shown)
        more = len(candidates) - len(shown)
        if more > 0:
            names = translate("Timeline", "{names} and {count} more").format(
                names=names, count=more
            )
        if shown:
            parts.append(
                translate("Timeline", "Candidates (load/capacity): {names}").format(names=names)
            )
    if data.get("override_capacity") and "load" in data and "capacity" in data:
        parts.append(
            translate("Timeline", "Assigned over capacity ({load}/{capacity})").format(
                load=data.get("load"), capacity=data.get("capacity")
            )
        )
    return "\n".join(parts)
