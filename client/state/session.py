"""The session: logs in, loads the cache, keeps it live, and carries out the user's actions.

Fetching the whole picture is `loader.Loader`'s job, gathering live events into batches
`live_batch.LiveBatcher`'s; views read the live stream's state here (`live_state`), never
from the network objects themselves.

Views call the methods here and get an `ApiReply` back to learn how it went; the cache is
updated from the answer before the view hears of it, so the view only has to re-read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from ticketdesk.common.enums import Action, EventKind, Presence, PresenceReason
from ticketdesk.common.models import (
    BulkMoveResult,
    LiveMessage,
    LoginResponse,
    TicketDetail,
    TicketTypePublic,
    UserPublic,
)

from ..net.api import ApiClient, ApiError, ApiReply, valid_address
from ..net.clock import ServerClock
from ..net.failover import Failover
from ..net.live import LiveClient, LiveState
from .cache import ClientState
from .live_batch import LiveBatcher
from .loader import Loader, parse_groups, parse_types, parse_users
from .login import EndReason, LoginAttempt, LoginFailure, LoginProblem

log = logging.getLogger(__name__)


ACTION_PATHS: dict[Action, str] = {
    Action.ACCEPT: "accept",
    Action.COMMENT: "comments",
    Action.TRANSFER: "transfer",
    Action.PENDING: "pending",
    Action.RESUME: "resume",
    Action.RESOLVE: "resolve",
    Action.REOPEN: "reopen",
    Action.CLOSE: "close",
    Action.ASSIGN: "assign",
}

_DIRECTORY_KINDS: dict[EventKind, tuple[str, ...]] = {
    EventKind.GROUP_CREATED: ("groups",),
    EventKind.GROUP_UPDATED: ("groups",),
    EventKind.TYPE_CREATED: ("types",),
    EventKind.TYPE_UPDATED: ("types",),
    EventKind.USER_CREATED: ("users",),
    EventKind.USER_UPDATED: ("users",),
    # A member's group_ids, and the group's member count and capacity.
    EventKind.MEMBER_SET: ("users", "groups"),
    EventKind.MEMBER_REMOVED: ("users", "groups"),
    EventKind.SUPERVISOR_SET: ("groups",),
    EventKind.SUPERVISOR_REMOVED: ("groups",),
}
"""Events without a ticket that change the directory, and which parts to fetch again."""


class ClientSession(QObject):
    """The signed-in user's connection to the server, as the views see it (not to be
    confused with SQLAlchemy's ``Session`` on the server, nor with the server's
    ``LoginSession`` row that its token names)."""

    # No signal here carries a bool: PySide6 6.12 loses a reference to True/False on every
    # such emit into a Python slot, and the interpreter aborts once the count runs out.
    loading_changed = Signal()
    """`loading` changed."""
    loaded = Signal()
    """The cache holds a complete picture (after login, a reset or a reconnect)."""
    load_failed = Signal(object)  # ApiError
    live_state_changed = Signal()
    """`live_state` changed (the live stream connected, was lost, is coming back)."""
    logged_out = Signal(str)
    """The session ended; the argument is an `EndReason`: ``"user"`` when the user logged
    out, anything else when the server refused the token (live close code 4401, or a 401
    answer to any call)."""
    live_event = Signal(object)
    """Every live event (`EventPublic`) once the cache has taken it in, for views that
    follow a kind of step (the board's list of the engine's decisions)."""

    def __init__(
        self,
        *,
        api: ApiClient | None = None,
        live: LiveClient | None = None,
        state: ClientState | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.api = api or ApiClient(self)
        self.live = live or LiveClient(self)
        self.state = state or ClientState(self)
        self.live.pins = self.api.pins
        self.failover = Failover(self.api, self.live, parent=self)
        """Moves the session to another server of the installation if this one goes away."""
        self.server_name = ""
        self.idle_away_minutes = 10.0
        """No input for this long sets me away (0: never); the server's setting."""
        self._loading = False
        self._buffer: list[LiveMessage] = []
        self._pending_refresh: set[str] = set()
        self._refresh_again: set[str] = set()
        self._pending_versions: set[tuple[int, int]] = set()
        self._loaded_scope: tuple[object, frozenset[int]] | None = None
        self._loader: Loader | None = None
        self._reload_again = False
        self._loaded_once = False
        self.started_at: datetime | None = None
        """When `start` was called, by the server's clock."""
        self._batcher = LiveBatcher(self._apply_all, self)
        self.state.me_changed.connect(self._on_me_changed)
        self.live.event_received.connect(self._on_live_event)
        self.live.state_changed.connect(lambda _state: self.live_state_changed.emit())
        self.live.reload_needed.connect(self.reload)
        self.live.unauthorized.connect(self._on_live_refused)
        self.api.session_rejected.connect(self._on_token_refused)
        # If the live stream cannot start, still show what HTTP can give.
        self._fallback_load = QTimer(self, singleShot=True, interval=3000)
        self._fallback_load.timeout.connect(self._load_without_live)

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def live_state(self) -> LiveState:
        """How the live stream stands; views read it here, never from the `LiveClient`."""
        return self.live.state

    @property
    def server_address(self) -> str:
        """The server's base URL, as logged in to."""
        return self.api.base_url

    @property
    def logged_in(self) -> bool:
        return self.api.token is not None

    @property
    def has_loaded(self) -> bool:
        """True once the first complete load of this session is in."""
        return self._loaded_once

    @property
    def clock(self) -> ServerClock:
        """The server's time (deadlines are the server's)."""
        return self.api.clock

    # ------------------------------------------------------------ login / logout

    def remember_keys_in(self, settings: QSettings) -> None:
        """Keep the server keys the user trusts in ``settings``."""
        self.api.pins.remember_in(settings)

    def trust_key(self, server: str, pin: str) -> None:
        """Trust ``pin`` as the key of ``server`` (host:port) from now on."""
        self.api.pins.trust(server, pin)

    def log_in(
        self, address: str, username: str, password: str, fallbacks: Sequence[str] = ()
    ) -> LoginAttempt:
        """Start logging in; connect to the attempt's signals, then call nothing else.
        ``fallbacks``: the installation's other servers, tried in turn if ``address`` does
        not answer."""
        attempt = LoginAttempt(self.api, username, password, self, fallbacks)
        if not valid_address(address):
            QTimer.singleShot(
                0, lambda: attempt.failed.emit(LoginFailure(LoginProblem.BAD_ADDRESS, address))
            )
            return attempt
        self.api.set_server(address)
        attempt.succeeded.connect(self._on_logged_in)
        attempt.succeeded.connect(
            lambda _response: self.failover.set_servers(
                attempt.server.servers if attempt.server is not None else []
            )
        )
        QTimer.singleShot(0, attempt.start)
        return attempt

    def _on_logged_in(self, response: LoginResponse) -> None:
        self.server_name = response.server.name
        self.idle_away_minutes = response.server.idle_away_minutes
        self.state.set_me(response.user)

    def start(self, presence: Presence | None = Presence.ONLINE) -> None:
        """After login: set the presence (online: ready to be assigned tickets; None leaves
        it as it is) and open the live stream, which asks for the first load."""
        assert self.api.token is not None
        self.started_at = self.clock.now()
        if presence is not None:
            self.set_presence(presence)
        self._set_loading(True)
        self.live.start(self.api.base_url, self.api.token)
        self._fallback_load.start()

    def log_out(self) -> ApiReply | None:
        """End the session on the server too; the returned reply finishes when it has."""
        if self.api.token is None:
            return None
        self.api.put("/me/presence", {"presence": Presence.OFFLINE.value})
        reply = self.api.post("/auth/logout")
        self._end(EndReason.USER)
        return reply

    def _on_live_refused(self, reason: str) -> None:
        self._end(EndReason.from_close_reason(reason))

    def _on_token_refused(self, error: ApiError) -> None:
        self._end(EndReason.from_error(error))

    def _end(self, reason: str) -> None:
        if self.api.token is None:
            return  # already ended (a second refusal on its way)
        self.live.stop()
        self._fallback_load.stop()
        self._batcher.clear()
        self.api.token = None
        self._buffer.clear()
        self._loaded_once = False
        self.started_at = None
        self._loaded_scope = None
        self._loader = None  # an answer still on its way belongs to the ended session
        self._reload_again = False
        self._set_loading(False)
        self.state.clear()
        self.logged_out.emit(reason)

    # ------------------------------------------------------------ loading

    def reload(self) -> None:
        """Fetch the whole picture; live events arriving meanwhile are applied after it."""
        self._fallback_load.stop()
        if self.api.token is None:
            return
        self._batcher.flush()  # what came before the load goes first
        if self._loader is not None:
            self._reload_again = True  # once the load under way is in, load once more
            return
        self._set_loading(True)
        self._loader = Loader(self.api, self)
        self._loader.done.connect(self._on_loaded)
        self._loader.failed.connect(self._on_load_failed)
        self._loader.start()

    def _load_finished(self, loader: Loader) -> bool:
        """True when this is the load we wait for; starts the next one if one was asked for."""
        if loader is not self._loader:
            return False
        self._loader = None
        if self._reload_again:
            self._reload_again = False
            self.reload()
            return False
        return True

    def _load_without_live(self) -> None:
        if self._loading and self.live.connections == 0:
            log.info("live stream not up yet; loading over HTTP alone")
            self.reload()

    def _on_loaded(self, loader: Loader) -> None:
        if not self._load_finished(loader):
            return
        self.state.set_groups(loader.groups)
        self.state.set_types(loader.types)
        self.state.set_users(loader.users)
        self.state.set_me(loader.me)
        self.state.replace_tickets(loader.tickets)
        self._loaded_scope = self._scope()
        for ticket_id in list(self.state.timelines):
            self.open_ticket(ticket_id)  # a reload may have skipped steps of open timelines
        buffered, self._buffer = self._buffer, []
        self._set_loading(False)
        self._apply_all(buffered)
        self._loaded_once = True
        self.loaded.emit()

    def _on_load_failed(self, loader: Loader, error: ApiError) -> None:
        if not self._load_finished(loader):
            return
        self._set_loading(False)
        buffered, self._buffer = self._buffer, []
        self._apply_all(buffered)
        if error.status == 401:
            return  # the client has heard it (session_rejected) and ended the session
        self.load_failed.emit(error)

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit()

    def refresh(self, part: str) -> None:
        """Fetch one part of the directory again: ``groups``, ``types``, ``users`` or ``me``.

        One read of a part at a time; asked again while one is on its way (it may have left
        before the change that asks), once more after it, so the change is always read."""
        if self.api.token is None:
            return
        if part in self._pending_refresh:
            self._refresh_again.add(part)
            return
        self._pending_refresh.add(part)
        path, parse, apply = self._refreshers()[part]
        reply = self.api.get(path, parse=parse)
        reply.succeeded.connect(apply)
        reply.finished.connect(lambda: self._refreshed(part))

    def _refreshed(self, part: str) -> None:
        self._pending_refresh.discard(part)
        if part in self._refresh_again:
            self._refresh_again.discard(part)
            self.refresh(part)

    def _refreshers(self) -> dict[str, tuple[str, Callable[[Any], Any], Callable[[Any], None]]]:
        return {
            "groups": ("/groups", parse_groups, self.state.set_groups),
            "types": ("/ticket-types", parse_types, self.state.set_types),
            "users": ("/users", parse_users, self.state.set_users),
            "me": ("/me", UserPublic.model_validate, self.state.set_me),
        }

    def _scope(self) -> tuple[object, frozenset[int]] | None:
        me = self.state.me
        return (me.role, frozenset(me.group_ids)) if me else None

    def _on_me_changed(self) -> None:
        # New groups or a new role change which tickets this user may see: load them again.
        if self._loaded_scope is not None and not self._loading:
            scope = self._scope()
            if scope is not None and scope != self._loaded_scope:
                self.reload()

    # ------------------------------------------------------------ live

    def _on_live_event(self, message: LiveMessage) -> None:
        if message.event is not None:
            self.clock.observe(message.event.created_at)
        if self._loading:
            self._buffer.append(message)
            return
        self._batcher.add(message)

    def _apply_all(self, messages: Iterable[LiveMessage]) -> None:
        with self.state.batch():
            for message in messages:
                self._apply(message)

    def _apply(self, message: LiveMessage) -> None:
        self.state.apply(message)
        event = message.event
        if event is not None:
            self.live_event.emit(event)
        if event is None or event.ticket_id is not None:
            return
        parts = _DIRECTORY_KINDS.get(event.kind, ())
        for part in parts:
            self.refresh(part)
        me = self.state.me
        if me is not None and event.data.get("user_id") == me.id and "users" in parts:
            self.refresh("me")

    # ------------------------------------------------------------ tickets

    def open_ticket(self, ticket_id: int) -> ApiReply:
        """Fetch the ticket with its whole timeline into the cache."""
        reply = self.api.get(f"/tickets/{ticket_id}", parse=TicketDetail.model_validate)
        reply.succeeded.connect(self._apply_detail)
        return reply

    def close_ticket(self, ticket_id: int) -> None:
        """The detail view no longer shows it: stop keeping its timeline current."""
        self.state.forget_timeline(ticket_id)

    def create_ticket(
        self, payload: dict[str, Any], *, idempotency_key: str | None = None
    ) -> ApiReply:
        """``idempotency_key``: the same for every try of one submission, so that a retry
        after a lost answer returns the ticket the first try created instead of a second."""
        reply = self.api.post(
            "/tickets",
            payload,
            parse=TicketDetail.model_validate,
            headers={"Idempotency-Key": idempotency_key} if idempotency_key else None,
        )
        reply.succeeded.connect(self._apply_detail)
        return reply

    def act(self, ticket_id: int, action: Action, body: dict[str, Any] | None = None) -> ApiReply:
        """Any workflow action; ``body`` as the endpoint takes it (e.g. ``{"note": ...}``)."""
        reply = self.api.post(
            f"/tickets/{ticket_id}/{ACTION_PATHS[action]}",
            body or {},
            parse=TicketDetail.model_validate,
        )
        reply.succeeded.connect(self._apply_detail)
        return reply

    def comment(self, ticket_id: int, text: str) -> ApiReply:
        return self.act(ticket_id, Action.COMMENT, {"body": text})

    def transfer(self, ticket_id: int, group_id: int, note: str) -> ApiReply:
        return self.act(ticket_id, Action.TRANSFER, {"group": group_id, "note": note})

    def assign(
        self,
        ticket_id: int,
        agent_id: int | None,
        *,
        override_capacity: bool = False,
        version: int | None = None,
    ) -> ApiReply:
        """``version``: the ticket's version as the supervisor saw it; the server refuses
        (409 ``version_conflict``) if it changed since, instead of overwriting."""
        body: dict[str, object] = {"agent": agent_id, "override_capacity": override_capacity}
        if version is not None:
            body["version"] = version
        return self.act(ticket_id, Action.ASSIGN, body)

    def bulk_move(self, moves: list[dict[str, Any]]) -> ApiReply:
        """``POST /tickets/bulk``: all the moves in one transaction, or none; each names the
        version of its ticket the supervisor saw."""
        reply = self.api.post(
            "/tickets/bulk", {"moves": moves}, parse=BulkMoveResult.model_validate
        )
        reply.succeeded.connect(self._apply_bulk)
        return reply

    def _apply_bulk(self, result: BulkMoveResult) -> None:
        with self.state.batch():
            for ticket in result.tickets:
                self.state.upsert_ticket(ticket)

    def load_type_version(self, type_id: int, version: int) -> ApiReply | None:
        """Fetch an earlier version of a type (the one a ticket was created with) into the
        cache, once; None when it is there or on its way."""
        key = (type_id, version)
        if key in self.state.type_versions or key in self._pending_versions:
            return None
        self._pending_versions.add(key)
        reply = self.api.get(
            f"/ticket-types/{type_id}/versions/{version}", parse=TicketTypePublic.model_validate
        )
        reply.succeeded.connect(self.state.add_type_version)
        reply.finished.connect(lambda: self._pending_versions.discard(key))
        return reply

    def _apply_detail(self, detail: TicketDetail) -> None:
        self.state.upsert_ticket(detail)
        self.state.merge_timeline(detail.id, detail.events)

    def set_presence(self, presence: Presence, reason: PresenceReason | None = None) -> ApiReply:
        """``reason``: the client changes it by itself (idle, back), not the user."""
        body = {"presence": presence.value}
        if reason is not None:
            body["reason"] = reason.value
        reply = self.api.put("/me/presence", body, parse=UserPublic.model_validate)
        reply.succeeded.connect(lambda me: self.state.set_presence(
            me.id, me.presence, me.presence_changed_at))
        return reply
