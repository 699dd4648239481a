"""Saved views (保存的视图): a filter, a sort and the columns of the inbox's table, saved
under a name. Personal ones belong to their owner; a supervisor may share one with a
group, whose members see it read-only.

A view's filter is the ticket filter of ``GET /tickets`` — the same names (``status``,
``group``, ``assignee``, ``type``, ``priority``, ``order_no``, ``q``) and limits — over open
tickets, so that the client can count a view's tickets itself from the live tickets it
holds (`ViewFilter.admits` is that test, the one definition both sides use)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, field_validator

from .. import limits
from ..enums import OPEN_STATUSES, Priority, Status
from . import examples as ex
from .base import STRICT, RequestModel, UtcDateTime, WireModel, examples, text
from .tickets import TicketPublic

VIEW_COLUMNS = (
    "number", "title", "type", "group", "status", "priority", "assignee", "age", "sla",
)
"""The inbox table's columns, in their order: what a view may show and sort on."""

ViewColumn = Literal[
    "number", "title", "type", "group", "status", "priority", "assignee", "age", "sla",
]
ViewName = text(strip=True, min_length=1, max_length=limits.VIEW_NAME_MAX)
RowRef = Annotated[int, Field(ge=1, le=2**31 - 1)]


def _unique(values: list[Any]) -> list[Any]:
    if len(set(values)) != len(values):
        raise ValueError("lists each value once")
    return values


def _open_only(values: list[Status]) -> list[Status]:
    closed = sorted(s.value for s in values if s not in OPEN_STATUSES)
    if closed:
        raise ValueError(
            f"a view lists open tickets; {', '.join(closed)} are found in the audit search"
        )
    return values


def _columns(values: list[str]) -> list[str]:
    if "title" not in values:
        raise ValueError("a view shows the title column")
    return values


def _items(kind: Any) -> Any:
    return Annotated[
        list[kind], Field(max_length=limits.VIEW_FILTER_ITEMS_MAX), AfterValidator(_unique)
    ]


class ViewFilter(WireModel):
    """Which open tickets a view lists: every condition given must hold; a list holds when
    the ticket has any of its values; nothing given lists every open ticket the viewer
    sees."""

    status: Annotated[_items(Status), AfterValidator(_open_only)] = Field(
        default_factory=list
    )
    group: _items(RowRef) = Field(default_factory=list)
    """Group ids."""
    assignee: Literal["me", "none"] | RowRef | None = None
    """A user id, ``me`` (whoever looks at the view) or ``none`` (nobody has it)."""
    type: _items(RowRef) = Field(default_factory=list)
    """Ticket type ids."""
    priority: _items(Priority) = Field(default_factory=list)
    order_no: text(strip=True, min_length=1, max_length=40) | None = None
    q: text(strip=True, min_length=1, max_length=200) | None = None
    """Words that must each appear in the ticket (number, title, names, order number, field
    values): the inbox's quick filter."""

    def admits(self, ticket: TicketPublic, me_id: int | None) -> bool:
        """Whether the ticket passes every condition but ``q`` (the words are the client's
        quick filter, which also searches names it knows)."""
        if ticket.status not in OPEN_STATUSES:
            return False
        if self.status and ticket.status not in self.status:
            return False
        if self.group and ticket.group_id not in self.group:
            return False
        if self.type and ticket.type_id not in self.type:
            return False
        if self.priority and ticket.priority not in self.priority:
            return False
        if self.order_no is not None and ticket.order_no != self.order_no:
            return False
        match self.assignee:
            case None:
                return True
            case "me":
                return me_id is not None and ticket.assignee_id == me_id
            case "none":
                return ticket.assignee_id is None
            case user_id:
                return ticket.assignee_id == user_id

    def words(self) -> tuple[str, ...]:
        """``q`` as the quick filter takes it: casefolded words."""
        return tuple(self.q.casefold().split()) if self.q else ()

    def query(self) -> dict[str, Any]:
        """The same filter as ``GET /tickets`` query parameters (open statuses unless some
        are named)."""
        params: dict[str, Any] = {
            "status": [s.value for s in self.status] or sorted(s.value for s in OPEN_STATUSES),
        }
        for name in ("group", "type"):
            if getattr(self, name):
                params[name] = list(getattr(self, name))
        if self.priority:
            params["priority"] = [p.value for p in self.priority]
        for name in ("assignee", "order_no", "q"):
            if getattr(self, name) is not None:
                params[name] = str(getattr(self, name))
        return params


class ViewFilterIn(ViewFilter):
    model_config = STRICT


Columns = Annotated[
    list[ViewColumn],
    Field(min_length=1, max_length=len(VIEW_COLUMNS)),
    AfterValidator(_unique),
    AfterValidator(_columns),
]


class ViewCreate(RequestModel):
    model_config = examples(ex.VIEW_CREATE)
    name: ViewName
    filter: ViewFilterIn = Field(default_factory=ViewFilterIn)
    sort_column: ViewColumn = "priority"
    sort_descending: bool = True
    columns: Columns = Field(default_factory=lambda: list(VIEW_COLUMNS))
    """Which columns the table shows, in the table's order."""
    group_id: RowRef | None = None
    """Shared with this group (supervisors and admins); none: the caller's own."""


class ViewUpdate(RequestModel):
    """What changes; ``group_id`` given (a supervisor's) shares the view with another group,
    or, as null, makes it the caller's own again."""
    model_config = examples(ex.VIEW_UPDATE)

    name: ViewName | None = None
    filter: ViewFilterIn | None = None
    sort_column: ViewColumn | None = None
    sort_descending: bool | None = None
    columns: Columns | None = None
    group_id: RowRef | None = None

    @field_validator("name", "filter", "sort_column", "sort_descending", "columns")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("leave it out to keep it; it cannot be null")
        return value


class ViewPublic(WireModel):
    model_config = examples(ex.VIEW)
    id: int
    name: str
    filter: ViewFilter
    sort_column: str
    sort_descending: bool
    columns: list[str]
    group_id: int | None
    """Set for a view shared with a group; None for a personal one."""
    owner_id: int | None
    """Who made it (a shared view's supervisor)."""
    editable: bool = False
    """Whether the caller may change it (a shared view's members may not)."""
    updated_at: UtcDateTime
