"""`RoutingHints`: the assisted-routing figures for one picker (new ticket, transfer, assign),
fetched from ``GET /routing/hints`` when it opens and again whenever the live feed moves the
cache (a ticket queued or taken, an agent's presence), so the figures beside each choice
stay current while the dialog is open. net → here → the pickers' models."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from ticketdesk.common.models import GroupHint, RoutingHints

from ..net.api import ApiError, ApiReply
from .session import ClientSession

REFETCH_AFTER_MS = 1000
"""After a live change, wait this long for more before asking again (a burst: one call, and
on a busy floor at most one a second per open picker)."""


class RoutingHintsSource(QObject):
    changed = Signal()
    """New hints arrived (``hints``)."""
    failed = Signal(object)  # ApiError

    def __init__(
        self,
        session: ClientSession,
        *,
        ticket_id: int | None = None,
        order_no: str | None = None,
        group_ids: list[int] | None = None,
        refetch_after_ms: int = REFETCH_AFTER_MS,
        parent: QObject | None = None,
    ) -> None:
        """``group_ids``: only these groups (the assign picker needs the ticket's own);
        ``refetch_after_ms``: how soon after a live change to ask again."""
        super().__init__(parent)
        self._group_ids = list(group_ids or [])
        self._session = session
        self._ticket_id = ticket_id
        self._order_no = order_no
        self._reply: ApiReply | None = None
        self._again = False
        self.hints: RoutingHints | None = None
        self.error: ApiError | None = None
        self._timer = QTimer(self, singleShot=True, interval=refetch_after_ms)
        self._timer.timeout.connect(self.refresh)
        state = session.state
        for signal in (state.tickets_added, state.tickets_changed, state.tickets_removed):
            signal.connect(self._soon)
        state.user_changed.connect(self._soon)
        state.users_changed.connect(self._soon)
        state.groups_changed.connect(self._soon)
        self.refresh()

    @property
    def loading(self) -> bool:
        return self._reply is not None

    @property
    def order_no(self) -> str | None:
        return self._order_no

    def set_order_no(self, order_no: str | None) -> None:
        """The new ticket's order number changed (None: none, or not a valid one)."""
        if order_no != self._order_no:
            self._order_no = order_no
            self.refresh()

    def group(self, group_id: int) -> GroupHint | None:
        if self.hints is None:
            return None
        return next((g for g in self.hints.groups if g.id == group_id), None)

    def _soon(self, *_args: object) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def refresh(self) -> None:
        """Ask now (or, while an answer is on its way, once more after it)."""
        self._timer.stop()
        if self._reply is not None:
            self._again = True
            return
        if not self._session.logged_in:
            return
        params: dict[str, str | int | list[int] | None] = {"group": self._group_ids or None}
        if self._ticket_id is not None:
            params["ticket_id"] = self._ticket_id
        elif self._order_no:
            params["order_no"] = self._order_no
        reply = self._session.api.get(
            "/routing/hints", params=params, parse=RoutingHints.model_validate
        )
        self._reply = reply
        reply.succeeded.connect(self._on_hints)
        reply.failed.connect(self._on_failed)

    def _finish(self) -> None:
        self._reply = None
        if self._again:
            self._again = False
            self.refresh()

    def _on_hints(self, hints: RoutingHints) -> None:
        asked_for = self._order_no
        self._finish()
        if self._reply is not None and hints.order_no != asked_for and not self._ticket_id:
            return  # an answer for an order number since changed: the next one follows
        self.hints = hints
        self.error = None
        self.changed.emit()

    def _on_failed(self, error: ApiError) -> None:
        self._finish()
        self.error = error
        self.failed.emit(error)
