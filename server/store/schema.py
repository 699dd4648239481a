"""The relational schema: typed SQLAlchemy 2 declarative models. Knows nothing of HTTP."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated, Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from ticketdesk.common.enums import (
    LOAD_STATUSES,
    EventKind,
    Presence,
    Priority,
    Role,
    Status,
    UserKind,
    sql_in,
)

from .. import clock

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum(cls: type[enum.Enum]) -> Enum:
    # Stored as the lower-case *values* in a VARCHAR with a CHECK constraint rather than a
    # native PostgreSQL enum: adding a value later is then a one-line migration.
    return Enum(
        cls,
        native_enum=False,
        create_constraint=True,
        length=24,
        values_callable=lambda members: [m.value for m in members],
        name=cls.__name__.lower(),
        validate_strings=True,
    )


intpk = Annotated[int, mapped_column(Integer, Identity(), primary_key=True)]
bigpk = Annotated[int, mapped_column(BigInteger, Identity(), primary_key=True)]
utc = Annotated[datetime, mapped_column(DateTime(timezone=True))]
created = Annotated[
    datetime,
    # The application's clock (server/clock.py) stamps every row we write; the database's
    # now() is its transaction's start, which can sort before a change that committed
    # earlier. The server default only serves rows written outside our code (psql, tests).
    mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.now(), nullable=False
    ),
]
jsonb = Annotated[Any, mapped_column(JSONB, nullable=False)]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar = {
        Role: _enum(Role),
        Presence: _enum(Presence),
        Priority: _enum(Priority),
        Status: _enum(Status),
        EventKind: _enum(EventKind),
        UserKind: _enum(UserKind),
    }


class User(Base):
    __tablename__ = "users"

    id: Mapped[intpk]
    username: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[Role]
    kind: Mapped[UserKind] = mapped_column(default=UserKind.PERSON,
                                           server_default=UserKind.PERSON.value)
    """A person logs in; a service account acts only through its API keys."""
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    presence: Mapped[Presence] = mapped_column(default=Presence.OFFLINE)
    presence_changed_at: Mapped[created]
    last_assigned_at: Mapped[utc | None]
    last_seen_at: Mapped[utc | None]
    """Last sign of life (a live connection's heartbeat, or setting presence); an agent
    silent for longer than the grace period is taken offline."""
    created_at: Mapped[created]
    updated_at: Mapped[created]

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    supervisions: Mapped[list[Supervision]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def group_ids(self) -> list[int]:
        return sorted(m.group_id for m in self.memberships)

    @property
    def capacities(self) -> dict[int, int | None]:
        """Per group: this member's own capacity there (None: the group's default)."""
        return {m.group_id: m.capacity for m in self.memberships}

    @property
    def overseen_group_ids(self) -> list[int]:
        """The groups this supervisor oversees: their dispatch board opens on these."""
        return sorted(s.group_id for s in self.supervisions)

    __table_args__ = (Index("uq_users_username_lower", func.lower(username), unique=True),)


class LoginSession(Base):
    """A login session (not SQLAlchemy's `Session`, the unit of work); only the SHA-256 of
    the opaque token is stored."""

    __tablename__ = "sessions"

    id: Mapped[bigpk]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[created]
    expires_at: Mapped[utc]
    last_used_at: Mapped[created]
    revoked_at: Mapped[utc | None]
    end_reason: Mapped[str | None] = mapped_column(String(20))
    """Why it was revoked: logged_out, password_changed or deactivated."""
    client_addr: Mapped[str] = mapped_column(String(64), default="")

    user: Mapped[User] = relationship()


class ApiKey(Base):
    """A key of a service account. Only the SHA-256 of the key is stored (it is random
    enough that a fast hash is safe); the key itself is shown once, when made."""

    __tablename__ = "api_keys"

    id: Mapped[intpk]
    account_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                            index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    """What the admin calls it (e.g. "PBX hall 2")."""
    prefix: Mapped[str] = mapped_column(String(16))
    """The key's first characters, to tell keys apart in lists and logs."""
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[list[str]] = mapped_column(ARRAY(String(32)), nullable=False)
    expires_at: Mapped[utc | None]
    created_at: Mapped[created]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    last_used_at: Mapped[utc | None]
    """Recorded at most once a minute, not on every request."""
    revoked_at: Mapped[utc | None]
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    """Set when the key was rotated: the key that took its place."""

    account: Mapped[User] = relationship(foreign_keys=[account_id])


class QuickReply(Base):
    """A named text agents insert into replies: a group's (admins keep them; its members are
    offered them) or one agent's own — exactly one of the two."""

    __tablename__ = "quick_replies"
    __table_args__ = (
        CheckConstraint("(group_id IS NULL) <> (owner_id IS NULL)", name="one_owner"),
        UniqueConstraint("group_id", "name"),
        UniqueConstraint("owner_id", "name"),
    )

    id: Mapped[intpk]
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), index=True
    )
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(60))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[created]
    updated_at: Mapped[created]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class SavedView(Base):
    """A filter, sort and columns of the inbox saved by name: someone's own, or shared with
    a group by a supervisor (the owner is then who shared it). Names are unique per owner
    among personal views and per group among shared ones."""

    __tablename__ = "saved_views"
    __table_args__ = (
        Index("uq_saved_views_owner_name", "owner_id", "name", unique=True,
              postgresql_where=text("group_id IS NULL")),
        Index("uq_saved_views_group_name", "group_id", "name", unique=True,
              postgresql_where=text("group_id IS NOT NULL")),
    )

    id: Mapped[intpk]
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(60))
    filter: Mapped[dict[str, Any]] = mapped_column(JSONB)
    """A `ViewFilter` as JSON (validated before it is stored)."""
    sort_column: Mapped[str] = mapped_column(String(20))
    sort_descending: Mapped[bool] = mapped_column(Boolean)
    columns: Mapped[list[str]] = mapped_column(JSONB)
    created_at: Mapped[created]
    updated_at: Mapped[created]


class LoginFailure(Base):
    """A failed login, kept for the throttling window (per username and per address)."""

    __tablename__ = "login_failures"

    id: Mapped[bigpk]
    username: Mapped[str] = mapped_column(String(64))
    """As typed, lower-cased; recorded for unknown usernames too, so none stands out."""
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[created]

    __table_args__ = (
        Index("ix_login_failures_username_at", "username", "at"),
        Index("ix_login_failures_address_at", "address", "at"),
    )


class Group(Base):
    __tablename__ = "groups"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    working_hours: Mapped[jsonb]
    accept_timeout_seconds: Mapped[int] = mapped_column(Integer, default=120)
    default_capacity: Mapped[int] = mapped_column(Integer, default=5)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[created]
    updated_at: Mapped[created]

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="group", cascade="all, delete-orphan"
    )


class Membership(Base):
    __tablename__ = "memberships"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    capacity: Mapped[int | None]
    created_at: Mapped[created]

    group: Mapped[Group] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(back_populates="memberships")


class Supervision(Base):
    """A supervisor overseeing a group. It grants nothing (a supervisor may act on any group);
    it says which groups are theirs to watch, so their board opens on them."""

    __tablename__ = "supervisions"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[created]

    user: Mapped[User] = relationship(back_populates="supervisions")


class TicketType(Base):
    __tablename__ = "ticket_types"

    id: Mapped[intpk]
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    fields: Mapped[jsonb]
    body_template: Mapped[str] = mapped_column(Text, default="")
    default_group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"))
    default_priority: Mapped[Priority] = mapped_column(default=Priority.NORMAL)
    sla_first_response_minutes: Mapped[int | None]
    sla_resolution_minutes: Mapped[int | None]
    sla_policy: Mapped[Any] = mapped_column(JSONB, server_default=text("'{}'::jsonb"),
                                            default=dict, nullable=False)
    """How the targets are measured and when to warn (``common.models.SlaPolicy``); not part
    of the template's versions: a policy change is not a change of what tickets look like."""
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    """The current version: every edit of the template adds a `TicketTypeVersion`."""
    created_at: Mapped[created]
    updated_at: Mapped[created]


class TicketTypeVersion(Base):
    """A type's template as it was from one edit to the next. Rows are only ever added: a
    ticket names the version it was filled in against and is read back with its specs."""

    __tablename__ = "ticket_type_versions"

    type_id: Mapped[int] = mapped_column(
        ForeignKey("ticket_types.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    fields: Mapped[jsonb]
    body_template: Mapped[str] = mapped_column(Text, default="")
    default_group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"))
    default_priority: Mapped[Priority] = mapped_column(default=Priority.NORMAL)
    sla_first_response_minutes: Mapped[int | None]
    sla_resolution_minutes: Mapped[int | None]
    created_at: Mapped[created]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Ticket(Base):
    __tablename__ = "tickets"

    id: Mapped[bigpk]
    type_id: Mapped[int] = mapped_column(ForeignKey("ticket_types.id"))
    type_key: Mapped[str] = mapped_column(String(40))
    """The type's key (which never changes), kept here so no ticket read needs a join."""
    type_version: Mapped[int] = mapped_column(Integer)
    """The version of the type's template the ticket was filled in against."""
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    fields: Mapped[jsonb]
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    priority: Mapped[Priority]
    priority_rank: Mapped[int] = mapped_column(SmallInteger)
    """Denormalized from priority so the queue order (rank desc, id) is one index scan."""
    status: Mapped[Status]
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    order_no: Mapped[str | None] = mapped_column(String(40))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[created]
    updated_at: Mapped[created]
    assigned_at: Mapped[utc | None]
    accepted_at: Mapped[utc | None]
    first_response_at: Mapped[utc | None]
    resolved_at: Mapped[utc | None]
    closed_at: Mapped[utc | None]
    held_until: Mapped[utc | None]
    accept_deadline: Mapped[utc | None]
    """While ``assigned``: when the offer lapses and the ticket goes to someone else."""
    lapsed_ids: Mapped[list[int]] = mapped_column(
        ARRAY(Integer), server_default=text("'{}'"), nullable=False
    )
    """Agents who let this ticket lapse in its current group; passed over while others can."""
    last_handler_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    last_handled_at: Mapped[utc | None]
    first_response_due_at: Mapped[utc | None]
    resolution_due_at: Mapped[utc | None]
    """The SLA due times on the holding group's calendar (services/sla). The resolution one
    is empty while pending (the clock is paused) unless it was already breached."""
    first_response_warn_at: Mapped[utc | None]
    resolution_warn_at: Mapped[utc | None]
    sla_anchor_at: Mapped[utc | None]
    """When the clocks were last settled: the time used up to here is in ``*_used_s``; from
    here on it runs on the holding group's calendar."""
    sla_first_response_used_s: Mapped[int] = mapped_column(
        Integer, server_default=text("0"), default=0, nullable=False)
    sla_resolution_used_s: Mapped[int] = mapped_column(
        Integer, server_default=text("0"), default=0, nullable=False)
    sla_fired: Mapped[int] = mapped_column(
        SmallInteger, server_default=text("0"), default=0, nullable=False)
    """Bits of the escalations already recorded (services/sla/escalation.py): each fires
    once per ticket and target."""
    sla_next_at: Mapped[utc | None]
    """The earliest escalation not yet fired: what the dispatch loop's scan looks for."""
    transfer_count: Mapped[int] = mapped_column(Integer, default=0)
    idempotency_key: Mapped[str | None] = mapped_column(String(100))
    """The creator's key for this submission: a retried POST returns this ticket again."""
    idempotency_fingerprint: Mapped[str | None] = mapped_column(String(64))
    """SHA-256 of the submitted body: the same key with another body is refused."""
    phone_e164: Mapped[str | None] = mapped_column(String(20))
    """The caller's number (the first phone field), in E.164: how a caller's tickets are found."""
    source: Mapped[str | None] = mapped_column(String(40))
    """The other system the ticket came from (``pbx``, ``chat``), with ``external_id``."""
    external_id: Mapped[str | None] = mapped_column(String(100))
    """Its reference there (the call id, the chat session id): unique per source."""
    search: Mapped[str] = mapped_column(TSVECTOR, server_default=text("''::tsvector"),
                                        deferred=True)  # (written, never read back)
    """Words and CJK bigrams of title, body, fields, order number and comments."""
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"), nullable=False)
    """Incremented by every change (the ORM does it for ORM writes; every Core UPDATE of
    tickets sets ``version = version + 1`` itself): clients compare versions, never
    timestamps, to know which copy is newer, and a manual move may name the one it saw."""

    type: Mapped[TicketType] = relationship(lazy="select")

    __mapper_args__: ClassVar = {"version_id_col": version}

    __table_args__ = (
        ForeignKeyConstraint(
            ["type_id", "type_version"],
            ["ticket_type_versions.type_id", "ticket_type_versions.version"],
        ),
        Index("ix_tickets_group_status_id", "group_id", "status", "id"),
        Index(
            "ix_tickets_assignee_status",
            "assignee_id",
            "status",
            postgresql_where=text("assignee_id IS NOT NULL"),
        ),
        Index("ix_tickets_order_no", "order_no", postgresql_where=text("order_no IS NOT NULL")),
        Index("ix_tickets_created_at", "created_at"),
        Index(
            "ix_tickets_queue",
            "group_id",
            text("priority_rank DESC"),
            "id",
            postgresql_where=text("status IN ('queued', 'held')"),
        ),
        Index("ix_tickets_search", "search", postgresql_using="gin"),
        Index(
            "uq_tickets_creator_idempotency_key",
            "created_by_id",
            "idempotency_key",
            unique=True,
            postgresql_where=text("idempotency_key IS NOT NULL"),
        ),
        Index("ix_tickets_sla_next_at", "sla_next_at",
              postgresql_where=text("sla_next_at IS NOT NULL")),
        Index("ix_tickets_phone_e164", "phone_e164",
              postgresql_where=text("phone_e164 IS NOT NULL")),
        Index(
            "uq_tickets_source_external_id",
            "source",
            "external_id",
            unique=True,
            postgresql_where=text("external_id IS NOT NULL"),
        ),
        Index(
            "ix_tickets_working",
            "group_id",
            "assignee_id",
            postgresql_where=text(f"status IN {sql_in(LOAD_STATUSES)}"),
        ),
        Index(
            "ix_tickets_accept_deadline",
            "accept_deadline",
            postgresql_where=text("status = 'assigned'"),
        ),
        Index(
            "ix_tickets_order_handler",
            "order_no",
            text("last_handled_at DESC"),
            postgresql_where=text("order_no IS NOT NULL AND last_handler_id IS NOT NULL"),
        ),
    )


KPI_KINDS = ("kind IN ('created', 'assigned', 'unassigned', 'accepted', 'resolved', "
             "'reopened', 'transferred')")
"""The ticket events KPIs count (a partial index holds just these)."""

KPI_SPANS = "kind IN ('accepted', 'resolved') AND kpi_seconds IS NOT NULL"
"""The events that complete a measured span (first response, handling)."""


class Event(Base):
    """The append-only record. ``xid`` is the writing transaction's id: readers only read
    below the snapshot horizon, ordered by (xid, id), so no event is ever skipped."""

    __tablename__ = "events"

    id: Mapped[bigpk]
    xid: Mapped[int] = mapped_column(
        BigInteger, server_default=text("(pg_current_xact_id()::text::bigint)"), nullable=False
    )
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    ticket: Mapped[Ticket | None] = relationship(lazy="raise")
    """Only for writing: an event of a ticket not yet inserted gets its id when both are."""
    kind: Mapped[EventKind]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[created]
    data: Mapped[jsonb]
    audience_groups: Mapped[list[int]] = mapped_column(
        ARRAY(Integer), server_default=text("'{}'"), nullable=False
    )
    """Groups whose agents may see this event (the ticket's group before and after it)."""
    audience_users: Mapped[list[int]] = mapped_column(
        ARRAY(Integer), server_default=text("'{}'"), nullable=False
    )
    """Users who may see it besides those groups (assignees before and after, the creator)."""
    source: Mapped[str] = mapped_column(String(64), default="")
    wakes_engine: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false"), nullable=False
    )
    """Whether this event may give the assignment engine work (the NOTIFY payload says so)."""
    search: Mapped[str] = mapped_column(
        TSVECTOR, server_default=text("''::tsvector"), nullable=False
    )
    """Words and CJK bigrams of the event's own text (notes, comments, admin changes before
    and after), for the audit search; empty for events that carry no text."""
    kpi_group_id: Mapped[int | None]
    """The group this event counts for in KPIs, which is not its audience: the group holding
    the ticket when it happened (for a transfer, the group it left). None off tickets."""
    kpi_seconds: Mapped[float | None] = mapped_column(Float)
    """The span this event completes: on a ticket's first acceptance its first response
    (creation → accepted), on a resolution its handling (latest acceptance → resolved)."""
    kpi_late: Mapped[bool | None]
    """Whether that span ended after the ticket's due time (first response or resolution)."""

    # Fetch id, xid and created_at in the INSERT itself, so the new events can be returned
    # to the caller without reading them back.
    __mapper_args__: ClassVar = {"eager_defaults": True}

    __table_args__ = (
        Index("ix_events_xid_id", "xid", "id"),
        Index("ix_events_ticket_id", "ticket_id", "id"),
        Index("ix_events_actor_created", "actor_id", "created_at"),
        Index("ix_events_kind_created", "kind", "created_at"),
        # The audit search pages newest first by (created_at, id).
        Index("ix_events_created_id", "created_at", "id"),
        Index(
            "ix_events_search",
            "search",
            postgresql_using="gin",
            postgresql_where=text("search <> ''::tsvector"),
        ),
        Index("ix_events_kpi", "created_at", "kpi_group_id", postgresql_where=text(KPI_KINDS)),
        Index("ix_events_presence", text("((data->>'user_id')::int)"), "created_at",
              postgresql_where=text("kind = 'presence_changed'")),
        # The KPI report's spans read from the index alone (no visit to the rows).
        Index("ix_events_kpi_spans", "created_at",
              postgresql_include=["kpi_group_id", "kind", "kpi_seconds", "actor_id"],
              postgresql_where=text(f"{KPI_SPANS}")),
    )


class Attachment(Base):
    """A file added to a ticket; its bytes are in ``attachment_chunks``. The row is written
    first (``complete`` false: invisible, in no record), the pieces each in a short
    transaction of their own — one long transaction would hold back the live feed's event
    horizon for as long as the upload takes — and the last transaction completes it with
    its ``attached`` event. A refused upload is removed at once; one whose server died is
    swept after ``STALE_UPLOAD``."""

    __tablename__ = "attachments"
    __table_args__ = (
        Index("ix_attachments_incomplete", "created_at",
              postgresql_where=text("NOT complete")),
    )

    id: Mapped[bigpk]
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100), default="")
    """Sniffed from the bytes by the server."""
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    complete: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false"), nullable=False
    )
    comment_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("events.id", ondelete="SET NULL")
    )
    """The ``commented`` event it came with, if any."""
    event_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("events.id", ondelete="SET NULL")
    )
    """Its own ``attached`` event."""
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[created]


class AttachmentChunk(Base):
    """One piece of an attachment's bytes (``CHUNK_BYTES`` each, the last one shorter), in
    order of ``seq``: uploads are written and downloads read a few pieces at a time, so no
    whole file is ever in the server's memory."""

    __tablename__ = "attachment_chunks"

    attachment_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("attachments.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


tally = Annotated[int, mapped_column(Integer, server_default=text("0"), nullable=False)]


class _KpiCounts:
    """What the KPI report counts, for one group or agent in one bucket of time. A roll-up of
    the events below ``KpiRollupHorizon`` (migrations 0019 and 0026: functions
    ``kpi_group_facts``/``kpi_agent_facts`` say what each event adds), written only by the
    database's functions and triggers: ``kpi_rollup_compact()`` adds the events that passed
    below the horizon and merges each bucket's rows into one, triggers correct them for
    events updated or deleted. A bucket may have several rows; readers sum them."""

    id: Mapped[bigpk]
    bucket: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    group_id: Mapped[int]
    created: Mapped[tally]
    assigned: Mapped[tally]
    accepted: Mapped[tally]
    resolved: Mapped[tally]
    reopened: Mapped[tally]
    transferred_out: Mapped[tally]
    first_responses: Mapped[tally]
    sla_first_response_breaches: Mapped[tally]
    sla_resolution_breaches: Mapped[tally]
    lapsed: Mapped[tally]
    merged: Mapped[bool] = mapped_column(Boolean, server_default=text("false"), nullable=False)


class KpiRollupHorizon(Base):
    """One row: the KPI roll-ups hold exactly the events whose ``xid`` is below ``xid``
    (every transaction below it had ended when it was set); readers count the others from
    the events themselves, in the same statement."""

    __tablename__ = "kpi_rollup_horizon"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)
    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False,
                                    server_default=text("1"))
    xid: Mapped[int] = mapped_column(BigInteger)


class KpiGroupHour(_KpiCounts, Base):
    """Per group and UTC hour; ``lapsed``: offers that lapsed in the group."""

    __tablename__ = "kpi_group_hours"
    transferred_in: Mapped[tally]
    __table_args__ = (
        Index("ix_kpi_group_hours_bucket", "bucket", "group_id"),
        Index("ix_kpi_group_hours_unmerged", "bucket", postgresql_where=text("NOT merged")),
    )


class KpiAgentHour(_KpiCounts, Base):
    """Per agent, group and UTC hour; ``lapsed``: offers this agent let lapse."""

    __tablename__ = "kpi_agent_hours"
    agent_id: Mapped[int]
    __table_args__ = (
        Index("ix_kpi_agent_hours_bucket", "bucket", "group_id"),
        Index("ix_kpi_agent_hours_unmerged", "bucket", postgresql_where=text("NOT merged")),
    )


class KpiAgentDay(_KpiCounts, Base):
    """Per agent, group and UTC day (the agent hours summed, for long periods)."""

    __tablename__ = "kpi_agent_days"
    agent_id: Mapped[int]
    __table_args__ = (
        Index("ix_kpi_agent_days_bucket", "bucket", "group_id"),
        Index("ix_kpi_agent_days_unmerged", "bucket", postgresql_where=text("NOT merged")),
    )


class Order(Base):
    """An order as last reported by the order system."""

    __tablename__ = "orders"

    order_no: Mapped[str] = mapped_column(String(40), primary_key=True)
    customer_name: Mapped[str] = mapped_column(String(200), default="")
    customer_phone: Mapped[str] = mapped_column(String(200), default="")
    """As the order system wrote it."""
    customer_phone_e164: Mapped[str | None] = mapped_column(String(20), index=True)
    """The same in E.164 (None when it is no phone number): what lookups compare."""
    status: Mapped[str] = mapped_column(String(200), default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    amount: Mapped[float | None] = mapped_column(Float)
    items: Mapped[Any] = mapped_column(JSONB, nullable=False, server_default=text("'[]'"),
                                       default=list)
    data: Mapped[jsonb]
    created_at: Mapped[created]
    updated_at: Mapped[created]
    """The order system's ``updated_at`` of the data held (else when it was received): an
    older write never replaces newer data."""


class WebhookEndpoint(Base):
    """A receiver of Standard Webhooks, registered by an admin. Its filters are empty for
    "every kind" / "every group". The secret signs what is sent, so it is kept as it is (the
    receiver holds the same); the previous one still signs until ``previous_secret_until``
    after a rotation, so a receiver can switch over without losing a message."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[intpk]
    url: Mapped[str] = mapped_column(String(2048))
    description: Mapped[str] = mapped_column(Text, default="")
    kinds: Mapped[list[str]] = mapped_column(
        ARRAY(String(24)), server_default=text("'{}'"), nullable=False
    )
    group_ids: Mapped[list[int]] = mapped_column(
        ARRAY(Integer), server_default=text("'{}'"), nullable=False
    )
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_reason: Mapped[str] = mapped_column(String(300), default="")
    secret: Mapped[str] = mapped_column(String(100))
    previous_secret: Mapped[str | None] = mapped_column(String(100))
    previous_secret_until: Mapped[utc | None]
    created_at: Mapped[created]
    updated_at: Mapped[created]


class WebhookDelivery(Base):
    """The outbox: one row per event and endpoint, written in the event's transaction.

    ``state``: ``blocked`` (an earlier delivery of the same ticket to the same endpoint is
    not finished), ``pending`` (due at ``next_attempt_at``), ``sending`` (claimed by a server
    until ``lease_until``), ``delivered``, ``dead`` (the retry budget ran out)."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[bigpk]
    endpoint_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE")
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    ticket_id: Mapped[int | None] = mapped_column(BigInteger)
    """The ordering key: a ticket's deliveries to one endpoint go one at a time, in order."""
    state: Mapped[str] = mapped_column(String(12))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[utc]
    lease_until: Mapped[utc | None]
    first_attempt_at: Mapped[utc | None]
    last_attempt_at: Mapped[utc | None]
    last_status: Mapped[int | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    delivered_at: Mapped[utc | None]
    created_at: Mapped[created]

    __table_args__ = (
        # What a server claims: an endpoint's due deliveries, oldest due first.
        Index("ix_webhook_deliveries_due", "endpoint_id", "next_attempt_at", "id",
              postgresql_where=text("state = 'pending'")),
        # Whether a ticket has an earlier unfinished delivery to the endpoint.
        Index("ix_webhook_deliveries_open", "endpoint_id", "ticket_id", "id",
              postgresql_where=text("state IN ('blocked', 'pending', 'sending')")),
        Index("ix_webhook_deliveries_lease", "lease_until",
              postgresql_where=text("state = 'sending'")),
        # The admin screen: an endpoint's deliveries newest first, by state.
        Index("ix_webhook_deliveries_endpoint", "endpoint_id", "state", "id"),
        Index("ix_webhook_deliveries_delivered", "delivered_at",
              postgresql_where=text("state = 'delivered'")),
    )
