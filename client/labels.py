"""What users read for the closed vocabularies: statuses, priorities, roles, presence,
actions and field-validation problems. Never show an enum's raw value; ask here."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from ticketdesk.common.enums import Action, EventKind, Presence, Priority, Role, Status

translate = QCoreApplication.translate  # the name lupdate looks for


def status_label(status: Status) -> str:
    return {
        Status.QUEUED: translate("Status", "Queued"),
        Status.HELD: translate("Status", "Held"),
        Status.ASSIGNED: translate("Status", "Assigned"),
        Status.IN_PROGRESS: translate("Status", "In progress"),
        Status.PENDING: translate("Status", "Pending"),
        Status.RESOLVED: translate("Status", "Resolved"),
        Status.CLOSED: translate("Status", "Closed"),
    }[status]


STATUS_ORDER = {s: i for i, s in enumerate(Status)}
"""Sort order of statuses: the way a ticket moves through them."""


def priority_label(priority: Priority) -> str:
    return {
        Priority.LOW: translate("Priority", "Low"),
        Priority.NORMAL: translate("Priority", "Normal"),
        Priority.HIGH: translate("Priority", "High"),
        Priority.URGENT: translate("Priority", "Urgent"),
    }[priority]


def role_label(role: Role) -> str:
    return {
        Role.AGENT: translate("Role", "Agent"),
        Role.SUPERVISOR: translate("Role", "Supervisor"),
        Role.ADMIN: translate("Role", "Admin"),
    }[role]


def presence_label(presence: Presence) -> str:
    return {
        Presence.ONLINE: translate("Presence", "Online"),
        Presence.AWAY: translate("Presence", "Away"),
        Presence.OFFLINE: translate("Presence", "Offline"),
    }[presence]


def event_kind_label(kind: EventKind) -> str:
    """What kind of step an event is, in a word or two (every kind the server sends)."""
    return {
        EventKind.CREATED: translate("EventKind", "Created"),
        EventKind.QUEUED: translate("EventKind", "Queued"),
        EventKind.HELD: translate("EventKind", "Held"),
        EventKind.RELEASED: translate("EventKind", "Released"),
        EventKind.ASSIGNED: translate("EventKind", "Assigned"),
        EventKind.UNASSIGNED: translate("EventKind", "Unassigned"),
        EventKind.ACCEPTED: translate("EventKind", "Accepted"),
        EventKind.COMMENTED: translate("EventKind", "Comment"),
        EventKind.ATTACHED: translate("EventKind", "Attachment"),
        EventKind.TRANSFERRED: translate("EventKind", "Transferred"),
        EventKind.PENDING: translate("EventKind", "Set pending"),
        EventKind.RESUMED: translate("EventKind", "Resumed"),
        EventKind.RESOLVED: translate("EventKind", "Resolved"),
        EventKind.REOPENED: translate("EventKind", "Reopened"),
        EventKind.CLOSED: translate("EventKind", "Closed"),
        EventKind.UPDATED: translate("EventKind", "Updated"),
        EventKind.SLA_WARNING: translate("EventKind", "SLA warning"),
        EventKind.SLA_BREACHED: translate("EventKind", "SLA breached"),
        EventKind.SLA_RECOMPUTED: translate("EventKind", "SLA due times recomputed"),
        EventKind.SLA_PRIORITY_RAISED: translate("EventKind", "Priority raised by the SLA"),
        EventKind.SLA_NOTIFIED: translate("EventKind", "Group notified by the SLA"),
        EventKind.USER_CREATED: translate("EventKind", "Account created"),
        EventKind.USER_UPDATED: translate("EventKind", "Account changed"),
        EventKind.GROUP_CREATED: translate("EventKind", "Group created"),
        EventKind.GROUP_UPDATED: translate("EventKind", "Group changed"),
        EventKind.MEMBER_SET: translate("EventKind", "Member added or changed"),
        EventKind.MEMBER_REMOVED: translate("EventKind", "Member removed"),
        EventKind.SUPERVISOR_SET: translate("EventKind", "Supervisor now oversees the group"),
        EventKind.SUPERVISOR_REMOVED: translate("EventKind", "Supervisor no longer oversees it"),
        EventKind.TYPE_CREATED: translate("EventKind", "Ticket type created"),
        EventKind.TYPE_UPDATED: translate("EventKind", "Ticket type changed"),
        EventKind.ORDER_UPDATED: translate("EventKind", "Order updated"),
        EventKind.WEBHOOK_CREATED: translate("EventKind", "Webhook registered"),
        EventKind.WEBHOOK_UPDATED: translate("EventKind", "Webhook changed"),
        EventKind.WEBHOOK_REMOVED: translate("EventKind", "Webhook removed"),
        EventKind.QUICK_REPLY_CREATED: translate("EventKind", "Quick reply created"),
        EventKind.QUICK_REPLY_UPDATED: translate("EventKind", "Quick reply changed"),
        EventKind.QUICK_REPLY_REMOVED: translate("EventKind", "Quick reply removed"),
        EventKind.PRESENCE_CHANGED: translate("EventKind", "Status changed"),
        EventKind.LOGGED_IN: translate("EventKind", "Logged in"),
        EventKind.LOGGED_OUT: translate("EventKind", "Logged out"),
        EventKind.LOGIN_LOCKED: translate("EventKind", "Login locked"),
        EventKind.API_KEY_CREATED: translate("EventKind", "API key created"),
        EventKind.API_KEY_REVOKED: translate("EventKind", "API key revoked"),
    }.get(kind, str(kind))


def assign_rule_label(rule: str) -> str:
    """Which of the engine's rules chose the agent (an ``assigned`` event's ``rule``)."""
    return {
        "order_owner": translate("AssignRule", "owner of the order"),
        "previous_handler": translate("AssignRule", "handled this order before"),
        "least_loaded": translate("AssignRule", "least loaded"),
    }.get(rule, rule)


def action_label(action: Action) -> str:
    """Button text; an ellipsis means a dialog asks for more first."""
    return {
        Action.ACCEPT: translate("Action", "Accept"),
        Action.COMMENT: translate("Action", "Comment"),
        Action.TRANSFER: translate("Action", "Transfer…"),
        Action.PENDING: translate("Action", "Set pending…"),
        Action.RESUME: translate("Action", "Resume"),
        Action.RESOLVE: translate("Action", "Resolve…"),
        Action.REOPEN: translate("Action", "Reopen…"),
        Action.CLOSE: translate("Action", "Close…"),
        Action.ASSIGN: translate("Action", "Assign…"),
    }[action]


def action_tooltip(action: Action) -> str:
    return {
        Action.ACCEPT: translate("Action", "Take the ticket and start working on it"),
        Action.COMMENT: translate("Action", "Add a note to the record"),
        Action.TRANSFER: translate("Action", "Send the ticket to another group, saying why"),
        Action.PENDING: translate("Action", "Wait for someone outside; the SLA clock pauses"),
        Action.RESUME: translate("Action", "Continue working on the ticket"),
        Action.RESOLVE: translate("Action", "The matter is settled"),
        Action.REOPEN: translate("Action", "The matter is not settled after all"),
        Action.CLOSE: translate("Action", "File the resolved ticket for good"),
        Action.ASSIGN: translate("Action", "Choose who handles the ticket"),
    }[action]


def field_error_text(code: str, params: dict[str, Any] | None = None) -> str:
    """The message for a field-validation problem (codes of ticketdesk.common.fields)."""
    params = params or {}
    texts = {
        "required": translate("FieldError", "Required"),
        "unknown_field": translate("FieldError", "Not a field of this ticket type"),
        "wrong_type": translate("FieldError", "Must be text"),
        "too_short": translate("FieldError", "At least {min} characters"),
        "too_long": translate("FieldError", "At most {max} characters"),
        "not_a_number": translate("FieldError", "Must be a number"),
        "too_small": translate("FieldError", "Must be at least {min}"),
        "too_large": translate("FieldError", "Must be at most {max}"),
        "not_an_option": translate("FieldError", "Choose one of the options"),
        "bad_date": translate("FieldError", "Must be a date (YYYY-MM-DD)"),
        "bad_phone": translate("FieldError", "Must be a phone number (digits, spaces, dashes)"),
        "bad_order_no": translate("FieldError", "Must be an order number (3–40 letters/digits)"),
    }
    text = texts.get(code, translate("FieldError", "Invalid value"))
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def joined(words: Any) -> str:
    """Names in a list, with the language's separator ("Created, Resolved"; "创建、完结")."""
    return translate("Lists", ", ").join(words)


def strip_mnemonic(text: str) -> str:
    """A menu text as words: without its mnemonic marker or trailing ellipsis ("转派(&T)…" →
    "转派", "&Accept" → "Accept"; "&&" stays a literal "&")."""
    text = text.rstrip("…").strip()
    if text.endswith(")") and "(&" in text:
        text = text[: text.rindex("(&")]
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def load_text(load: int, capacity: int) -> str:
    """An agent's load in a group, as the board's load bar and the assign dialog say it:
    ``2 / 5``; with no capacity in the group, not ``0 / 0`` (a
    fraction of nothing) but that they take none here — or how many they hold anyway."""
    if capacity <= 0:
        if load == 0:
            return translate("Load", "capacity 0")
        return translate("Load", "%1 · capacity 0").replace("%1", str(load))
    return f"{load} / {capacity}"
