"""Qt item models over the client state; views get them in their constructors.

Names are imported from their modules when first asked for (`ticketdesk.client.lazy_import`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy_import import module_getattr

_EXPORTS = {
    "BoardColumn": ".board",
    "BoardGroupsModel": ".board",
    "BoardRole": ".board",
    "GroupLoadModel": ".groups",
    "LoadColumn": ".groups",
    "MemberColumn": ".groups",
    "MemberModel": ".groups",
    "PickRole": ".groups",
    "Inbox": ".inbox",
    "InboxModel": ".inbox",
    "Column": ".ticket_presenter",
    "TicketPresenter": ".ticket_presenter",
    "TicketRole": ".ticket_presenter",
    "TicketTableModel": ".tickets",
    "TimelineModel": ".timeline",
    "TimelineRole": ".timeline",
    "UserColumn": ".users",
    "UserTableModel": ".users",
}

__all__ = [
    "BoardColumn",
    "BoardGroupsModel",
    "BoardRole",
    "Column",
    "GroupLoadModel",
    "Inbox",
    "InboxModel",
    "LoadColumn",
    "MemberColumn",
    "MemberModel",
    "PickRole",
    "TicketPresenter",
    "TicketRole",
    "TicketTableModel",
    "TimelineModel",
    "TimelineRole",
    "UserColumn",
    "UserTableModel",
]
__getattr__ = module_getattr(__name__, _EXPORTS)


if TYPE_CHECKING:
    from .board import BoardColumn, BoardGroupsModel, BoardRole
    from .groups import GroupLoadModel, LoadColumn, MemberColumn, MemberModel, PickRole
    from .inbox import Inbox, InboxModel
    from .ticket_presenter import Column, TicketPresenter, TicketRole
    from .tickets import TicketTableModel
    from .timeline import TimelineModel, TimelineRole
    from .users import UserColumn, UserTableModel
