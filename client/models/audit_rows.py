"""Rows of the audit search's results, as the table shows them and as an export writes
them (the same row function serves both, so the file is the screen).

Row functions take the API's JSON objects as they come (a page of ``GET /events`` or
``GET /tickets``); they read names from the client's directory and run in the export's
worker thread too, so they only read plain dictionaries and never touch widgets."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from ticketdesk.common.enums import ADMIN_KINDS, EventKind, Role, Status
from ticketdesk.common.models import (
    EVENT_EXPORT_COLUMNS,
    TICKET_EXPORT_COLUMNS,
    WEEKDAYS,
    EventPublic,
)

from ..export import Cell
from ..labels import event_kind_label, role_label, status_label
from ..state.cache import ClientState
from .timeline import describe, detail_text

translate = QCoreApplication.translate  # the name lupdate looks for

Row = list[Cell]

_SETTINGS = {
    "name": lambda: translate("Audit", "name"),
    "description": lambda: translate("Audit", "description"),
    "working_hours": lambda: translate("Audit", "working hours"),
    "accept_timeout_seconds": lambda: translate("Audit", "accept timeout (s)"),
    "default_capacity": lambda: translate("Audit", "default capacity"),
    "capacity": lambda: translate("Audit", "capacity"),
    "member": lambda: translate("Audit", "member"),
    "active": lambda: translate("Audit", "active"),
    "display_name": lambda: translate("Audit", "display name"),
    "role": lambda: translate("Audit", "role"),
    "password": lambda: translate("Audit", "password"),
    "fields": lambda: translate("Audit", "fields"),
    "body_template": lambda: translate("Audit", "body template"),
    "body": lambda: translate("Audit", "text"),
    "default_group_id": lambda: translate("Audit", "default group"),
    "default_priority": lambda: translate("Audit", "default priority"),
    "sla_first_response_minutes": lambda: translate("Audit", "first-response target (min)"),
    "sla_resolution_minutes": lambda: translate("Audit", "resolution target (min)"),
}


def setting_label(key: str) -> str:
    label = _SETTINGS.get(key)
    return label() if label else key


def _hours(value: dict[str, Any]) -> str:
    """``mon–fri 09:00–12:00,13:00–18:00; sat 09:00–12:00``: days in week order, runs of
    days with the same shifts joined."""
    weekly = value.get("weekly") or {}
    runs: list[tuple[list[str], str]] = []
    for day in WEEKDAYS:
        spans = ",".join(f"{s.get('start')}–{s.get('end')}" for s in weekly.get(day) or [])
        if spans and runs and runs[-1][1] == spans and _follows(runs[-1][0][-1], day):
            runs[-1][0].append(day)
        elif spans:
            runs.append(([day], spans))
    text = "; ".join(
        f"{days[0]}–{days[-1]} {spans}" if len(days) > 1 else f"{days[0]} {spans}"
        for days, spans in runs
    ) or translate("Audit", "never open")
    holidays = value.get("holidays") or []
    if holidays:
        text += " · " + translate("Audit", "{n} holidays").format(n=len(holidays))
    return text


def _follows(before: str, day: str) -> bool:
    return WEEKDAYS.index(day) == WEEKDAYS.index(before) + 1


def show_value(key: str, value: Any) -> str:
    """A setting's value as a person reads it."""
    if value is None:
        if key == "capacity":
            return translate("Audit", "group default")
        return "—"
    if isinstance(value, bool):
        return translate("Audit", "yes") if value else translate("Audit", "no")
    if key == "working_hours" and isinstance(value, dict):
        return _hours(value)
    if key == "role" and value in {r.value for r in Role}:
        return role_label(Role(value))
    if isinstance(value, dict | list):
        return translate("Audit", "{n} items").format(n=len(value))
    return str(value)


def describe_changes(changes: dict[str, Any]) -> str:
    """``working hours: mon 09:00–18:00 → mon 08:30–17:30; role: Agent → Supervisor``."""
    parts = []
    for key, change in changes.items():
        if key == "password":
            parts.append(translate("Audit", "password reset"))
        elif isinstance(change, dict) and "from" in change:
            parts.append(
                f"{setting_label(key)}: {show_value(key, change['from'])} → "
                f"{show_value(key, change.get('to'))}"
            )
        else:
            parts.append(translate("Audit", "{setting} changed").format(setting=setting_label(key)))
    return "; ".join(parts)


def describe_admin(event: EventPublic, state: ClientState) -> str:
    """Who changed what, before → after."""
    data = event.data
    actor = event.actor_name or translate("Audit", "System")
    group = data.get("group") or data.get("name") or state.group_name(data.get("group_id"))
    user = data.get("user") or data.get("username") or state.user_name(data.get("user_id"))
    changes = describe_changes(data.get("changes") or {})
    match event.kind:
        case EventKind.GROUP_CREATED:
            return translate("Audit", "{actor} created group {group}").format(
                actor=actor, group=group
            )
        case EventKind.GROUP_UPDATED:
            return translate("Audit", "{actor} changed group {group}: {changes}").format(
                actor=actor, group=group, changes=changes
            )
        case EventKind.MEMBER_SET:
            if (data.get("changes") or {}).get("member"):
                return translate(
                    "Audit", "{actor} added {user} to {group} (capacity {capacity})"
                ).format(
                    actor=actor,
                    user=user,
                    group=group,
                    capacity=show_value("capacity", data.get("capacity")),
                )
            return translate("Audit", "{actor} changed {user} in {group}: {changes}").format(
                actor=actor, user=user, group=group, changes=changes
            )
        case EventKind.MEMBER_REMOVED:
            return translate("Audit", "{actor} removed {user} from {group}").format(
                actor=actor, user=user, group=group
            )
        case EventKind.SUPERVISOR_SET:
            return translate("Audit", "{actor} made {user} a supervisor of {group}").format(
                actor=actor, user=user, group=group
            )
        case EventKind.SUPERVISOR_REMOVED:
            return translate("Audit", "{actor} made {user} no longer supervise {group}").format(
                actor=actor, user=user, group=group
            )
        case EventKind.USER_CREATED:
            role = data.get("role")
            return translate("Audit", "{actor} created account {user} ({role})").format(
                actor=actor, user=user, role=show_value("role", role)
            )
        case EventKind.USER_UPDATED:
            return translate("Audit", "{actor} changed account {user}: {changes}").format(
                actor=actor, user=user, changes=changes
            )
        case EventKind.TYPE_CREATED:
            return translate("Audit", "{actor} created ticket type {type}").format(
                actor=actor, type=data.get("name") or data.get("key", "")
            )
        case EventKind.WEBHOOK_CREATED:
            return translate("Audit", "{actor} registered webhook {url}").format(
                actor=actor, url=data.get("url", "")
            )
        case EventKind.WEBHOOK_UPDATED:
            if (data.get("changes") or {}).get("secret") == "rotated":
                return translate("Audit", "{actor} rotated the secret of webhook {url}").format(
                    actor=actor, url=data.get("url", "")
                )
            return translate("Audit", "{actor} changed webhook {url}: {changes}").format(
                actor=actor, url=data.get("url", ""), changes=changes
            )
        case EventKind.WEBHOOK_REMOVED:
            return translate("Audit", "{actor} removed webhook {url}").format(
                actor=actor, url=data.get("url", "")
            )
        case EventKind.QUICK_REPLY_CREATED:
            return translate("Audit", "{actor} created quick reply “{name}” of {group}").format(
                actor=actor, name=data.get("name", ""), group=group
            )
        case EventKind.QUICK_REPLY_UPDATED:
            return translate(
                "Audit", "{actor} changed quick reply “{name}” of {group}: {changes}"
            ).format(actor=actor, name=data.get("name", ""), group=group, changes=changes)
        case EventKind.QUICK_REPLY_REMOVED:
            return translate("Audit", "{actor} removed quick reply “{name}” of {group}").format(
                actor=actor, name=data.get("name", ""), group=group
            )
        case _:  # TYPE_UPDATED
            return translate("Audit", "{actor} changed ticket type {type}: {changes}").format(
                actor=actor, type=data.get("key", ""), changes=changes
            )


def describe_event(event: EventPublic, state: ClientState) -> str:
    if event.kind in ADMIN_KINDS:
        return describe_admin(event, state)
    text = describe(event, state)
    words = detail_text(event)
    return f"{text}: {words}" if words else text


def event_columns() -> list[str]:
    return [
        translate("Audit", "Time"),
        translate("Audit", "Event"),
        translate("Audit", "Ticket"),
        translate("Audit", "By"),
        translate("Audit", "What happened"),
    ]


def event_row(state: ClientState) -> Callable[[dict[str, Any]], Row]:
    # The labels once, not once a row: spelling every kind's label for each event was most
    # of an events export's time (100,000 events: 4.6 million translations).
    kinds = {k: event_kind_label(k) for k in EventKind}

    def row(item: dict[str, Any]) -> Row:
        event = EventPublic.model_validate(item)
        return [
            event.created_at,
            kinds[event.kind],
            event.ticket_id,
            event.actor_name,
            describe_event(event, state),
        ]

    return row


def event_values_row(state: ClientState) -> Callable[[Sequence[Any]], Row]:
    """An event's row from its values in the order of ``EVENT_EXPORT_COLUMNS`` (how
    ``GET /events/export`` streams them): the listed event's own row function, so the file
    and the screen are made by the same code."""
    from_item = event_row(state)

    def row(values: Sequence[Any]) -> Row:
        return from_item(dict(zip(EVENT_EXPORT_COLUMNS, values, strict=True)))

    return row


def ticket_columns() -> list[str]:
    return [
        translate("Audit", "Ticket"),
        translate("Audit", "Title"),
        translate("Audit", "Status"),
        translate("Audit", "Group"),
        translate("Audit", "Assignee"),
        translate("Audit", "Order"),
        translate("Audit", "Created"),
    ]


def ticket_values_row(state: ClientState) -> Callable[[Sequence[Any]], Row]:
    """A ticket's row from its values in the order of ``TICKET_EXPORT_COLUMNS`` (how
    ``GET /tickets/export`` streams them; `ticket_row` passes a listed ticket's through here
    too, so the file and the screen are made by the same code)."""
    statuses = {s.value: status_label(s) for s in Status}  # once, not once a row
    group_name, user_name = state.group_name, state.user_name
    parse = datetime.fromisoformat

    def row(values: Sequence[Any]) -> Row:
        tid, title, status, group_id, assignee_id, order_no, created = values
        return [
            tid,
            title or "",
            statuses.get(status, status),
            group_name(group_id),
            user_name(assignee_id),
            order_no,
            parse(created.replace("Z", "+00:00")) if created else None,
        ]

    return row


def ticket_row(state: ClientState) -> Callable[[dict[str, Any]], Row]:
    from_values = ticket_values_row(state)

    def row(item: dict[str, Any]) -> Row:
        return from_values([item.get(c) for c in TICKET_EXPORT_COLUMNS])

    return row


@dataclass(frozen=True)
class Stream:
    """Where a kind of search is exported from as a stream, and how its rows are made."""

    path: str
    fields: Sequence[str]
    row: Callable[[ClientState], Callable[[Sequence[Any]], Row]]


@dataclass(frozen=True)
class ResultKind:
    """One kind of search: where it asks, its columns and how a result becomes a row."""

    path: str
    columns: Callable[[], list[str]]
    row: Callable[[ClientState], Callable[[dict[str, Any]], Row]]
    ticket_column: int
    """The column holding the ticket number (to open its timeline)."""
    stream: Stream
    """Exported from this stream (the same filters as ``path``)."""


EVENTS = ResultKind("/events", event_columns, event_row, 2,
                    Stream("/events/export", EVENT_EXPORT_COLUMNS, event_values_row))
TICKETS = ResultKind("/tickets", ticket_columns, ticket_row, 0,
                     Stream("/tickets/export", TICKET_EXPORT_COLUMNS, ticket_values_row))
