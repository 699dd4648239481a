"""Qt item models over the client state; views get them in their constructors."""

from .groups import GroupLoadModel, MemberModel
from .inbox import Inbox, InboxFilter
from .tickets import Column, TicketRole, TicketTableModel
from .timeline import TimelineModel, TimelineRole

__all__ = [
    "Column",
    "GroupLoadModel",
    "Inbox",
    "InboxFilter",
    "MemberModel",
    "TicketRole",
    "TicketTableModel",
    "TimelineModel",
    "TimelineRole",
]
