"""Qt item models over the client state; views get them in their constructors."""

from .groups import GroupLoadModel, LoadColumn, MemberColumn, MemberModel, PickRole
from .inbox import Inbox, InboxModel
from .tickets import Column, TicketRole, TicketTableModel
from .timeline import TimelineModel, TimelineRole

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
