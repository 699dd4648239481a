"""Pydantic v2 models of everything on the wire; both server and client build on these."""

from .api_keys import ApiKeyCreate, ApiKeyCreated, ApiKeyPublic
from .audit import EventsPage
from .base import RequestModel, UtcDateTime, WireModel
from .errors import ErrorBody, ErrorResponse
from .groups import (
    WEEKDAYS,
    GroupCreate,
    GroupLoad,
    GroupPublic,
    GroupUpdate,
    MembershipPublic,
    MembershipSet,
    Shift,
    ShiftIn,
    WorkingHours,
    WorkingHoursIn,
)
from .kpis import (
    BACKLOG_AGE_EDGES,
    FIRST_RESPONSE_EDGES,
    KpiBucket,
    KpiPoint,
    KpiReport,
    KpiRow,
)
from .live import LiveMessage
from .orders import OrderPublic, OrderUpsert
from .routing import AgentHint, EnginePick, GroupHint, Person, RoutingHints
from .tickets import (
    ActionNote,
    AssignRequest,
    CommentCreate,
    EventPublic,
    TicketCreate,
    TicketDetail,
    TicketPublic,
    TicketsPage,
    TransferRequest,
)
from .types import FieldSpec, FieldSpecIn, TicketTypeCreate, TicketTypePublic, TicketTypeUpdate
from .users import (
    LoginRequest,
    LoginResponse,
    PresenceUpdate,
    ServerInfo,
    UserCreate,
    UserPublic,
    UserUpdate,
)

__all__ = [
    "BACKLOG_AGE_EDGES",
    "FIRST_RESPONSE_EDGES",
    "WEEKDAYS",
    "ActionNote",
    "AgentHint",
    "ApiKeyCreate",
    "ApiKeyCreated",
    "ApiKeyPublic",
    "AssignRequest",
    "CommentCreate",
    "EnginePick",
    "ErrorBody",
    "ErrorResponse",
    "EventPublic",
    "EventsPage",
    "FieldSpec",
    "FieldSpecIn",
    "GroupCreate",
    "GroupHint",
    "GroupLoad",
    "GroupPublic",
    "GroupUpdate",
    "KpiBucket",
    "KpiPoint",
    "KpiReport",
    "KpiRow",
    "LiveMessage",
    "LoginRequest",
    "LoginResponse",
    "MembershipPublic",
    "MembershipSet",
    "OrderPublic",
    "OrderUpsert",
    "Person",
    "PresenceUpdate",
    "RequestModel",
    "RoutingHints",
    "ServerInfo",
    "Shift",
    "ShiftIn",
    "TicketCreate",
    "TicketDetail",
    "TicketPublic",
    "TicketTypeCreate",
    "TicketTypePublic",
    "TicketTypeUpdate",
    "TicketsPage",
    "TransferRequest",
    "UserCreate",
    "UserPublic",
    "UserUpdate",
    "UtcDateTime",
    "WireModel",
    "WorkingHours",
    "WorkingHoursIn",
]
