"""Qt item models over the client state; views get them in their constructors.

Names are imported from their modules when first asked for, so that the login window
can use one module of this package without loading all the others (start-up time).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

_EXPORTS = {
    "GroupLoadModel": ".groups",
    "LoadColumn": ".groups",
    "MemberColumn": ".groups",
    "MemberModel": ".groups",
    "PickRole": ".groups",
    "Inbox": ".inbox",
    "InboxModel": ".inbox",
    "Column": ".tickets",
    "TicketRole": ".tickets",
    "TicketTableModel": ".tickets",
    "TimelineModel": ".timeline",
    "TimelineRole": ".timeline",
}

__all__ = [
    "Column",
    "GroupLoadModel",
    "Inbox",
    "InboxModel",
    "LoadColumn",
    "MemberColumn",
    "MemberModel",
    "PickRole",
    "TicketRole",
    "TicketTableModel",
    "TimelineModel",
    "TimelineRole",
]


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from .groups import GroupLoadModel, LoadColumn, MemberColumn, MemberModel, PickRole
    from .inbox import Inbox, InboxModel
    from .tickets import Column, TicketRole, TicketTableModel
    from .timeline import TimelineModel, TimelineRole
