"""The first load of a session, and every reload: me, the directory and every open ticket
(all pages), fetched in parallel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import TypeAdapter
from PySide6.QtCore import QObject, Signal

from ticketdesk.common import limits
from ticketdesk.common.enums import OPEN_STATUSES
from ticketdesk.common.models import GroupPublic, TicketsPage, TicketTypePublic, UserPublic

from ..net.api import ApiClient, ApiError

parse_users = TypeAdapter(list[UserPublic]).validate_python
parse_groups = TypeAdapter(list[GroupPublic]).validate_python
parse_types = TypeAdapter(list[TicketTypePublic]).validate_python


class Loader(QObject):
    """Fetches me, the directory and every open ticket (all pages) in parallel."""

    done = Signal(object)  # Loader
    failed = Signal(object, object)  # Loader, ApiError

    def __init__(self, api: ApiClient, parent: QObject) -> None:
        super().__init__(parent)
        self._api = api
        self._waiting = 0
        self._failed = False
        self.me: UserPublic
        self.users: list[UserPublic] = []
        self.groups: list[GroupPublic] = []
        self.types: list[TicketTypePublic] = []
        self.tickets: list = []

    def start(self) -> None:
        self._fetch("/me", UserPublic.model_validate, lambda v: setattr(self, "me", v))
        self._fetch("/users", parse_users, lambda v: setattr(self, "users", v))
        self._fetch("/groups", parse_groups, lambda v: setattr(self, "groups", v))
        self._fetch("/ticket-types", parse_types, lambda v: setattr(self, "types", v))
        self._fetch_tickets(None)

    def _fetch(
        self,
        path: str,
        parse: Callable[[Any], Any],
        keep: Callable[[Any], None],
        params: dict[str, Any] | None = None,
    ) -> None:
        self._waiting += 1
        reply = self._api.get(path, params=params, parse=parse)
        reply.succeeded.connect(lambda value: self._got(keep, value))
        reply.failed.connect(self._fail)

    def _fetch_tickets(self, cursor: str | None) -> None:
        params = {
            "status": sorted(s.value for s in OPEN_STATUSES),
            "limit": limits.PAGE_SIZE_MAX,
            "cursor": cursor,
        }
        self._fetch("/tickets", TicketsPage.model_validate, self._got_page, params)

    def _got_page(self, page: TicketsPage) -> None:
        self.tickets.extend(page.data)
        if page.next_cursor:
            self._fetch_tickets(page.next_cursor)

    def _got(self, keep: Callable[[Any], None], value: Any) -> None:
        if self._failed:
            return
        keep(value)
        self._waiting -= 1
        if self._waiting == 0:
            self.done.emit(self)
            self.deleteLater()

    def _fail(self, error: ApiError) -> None:
        if not self._failed:
            self._failed = True
            self.failed.emit(self, error)
            self.deleteLater()
