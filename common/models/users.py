"""Accounts, sessions and presence."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, ValidationInfo, field_validator

from .. import limits
from ..enums import Presence, PresenceReason, Role
from . import examples as ex
from .base import Name, RequestModel, UtcDateTime, WireModel, examples

Username = Annotated[str, StringConstraints(pattern=limits.USERNAME_PATTERN)]
Password = Annotated[str, StringConstraints(min_length=1, max_length=limits.PASSWORD_MAX)]
NewPassword = Annotated[
    str, StringConstraints(min_length=limits.PASSWORD_MIN, max_length=limits.PASSWORD_MAX)
]


class UserPublic(WireModel):
    model_config = examples(ex.USER)
    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    presence: Presence
    group_ids: list[int] = Field(default_factory=list)
    overseen_group_ids: list[int] = Field(default_factory=list)
    """For a supervisor: the groups they oversee (set by an admin)."""
    presence_changed_at: UtcDateTime | None = None
    """Since when the presence is what it is (the board shows how long)."""
    capacities: dict[int, int | None] = Field(default_factory=dict)
    """Per group id of ``group_ids``: how many tickets this member may have in hand there;
    None means the group's ``default_capacity``."""


class UserCreate(RequestModel):
    model_config = examples(ex.USER_CREATE)
    username: Username
    display_name: Name
    role: Role = Role.AGENT
    password: NewPassword


class UserUpdate(RequestModel):
    model_config = examples(ex.USER_UPDATE)
    display_name: Name | None = None
    role: Role | None = None
    active: bool | None = None
    password: NewPassword | None = None


class LoginRequest(RequestModel):
    model_config = examples(ex.LOGIN_REQUEST)
    username: Annotated[str, StringConstraints(min_length=1, max_length=limits.USERNAME_MAX)]
    password: Password


class ServerInfo(WireModel):
    model_config = examples(ex.SERVER_INFO)
    name: str
    api_version: str
    server_version: str
    time: UtcDateTime
    servers: list[str] = Field(default_factory=list)
    """URLs of every server of this installation running now (this one included): where a
    client may fail over to."""
    idle_away_minutes: float = 10.0
    """Minutes without input after which a desktop client sets its agent away (0: never),
    as the admins configured it."""


class LoginResponse(WireModel):
    model_config = examples(ex.LOGIN_RESPONSE)
    token: str
    expires_at: UtcDateTime
    user: UserPublic
    server: ServerInfo


REASON_GOES_TO = {PresenceReason.IDLE: Presence.AWAY, PresenceReason.BACK: Presence.ONLINE}
"""The one presence each automatic reason can lead to: an idle agent goes away, one back at
the keyboard comes online; going offline is always chosen (no reason)."""


class PresenceUpdate(RequestModel):
    model_config = examples(ex.PRESENCE_UPDATE)
    presence: Presence
    reason: PresenceReason | None = None
    """Set by a client that changed the presence by itself (recorded on the event)."""

    @field_validator("reason")
    @classmethod
    def _fits_the_presence(cls, reason: PresenceReason | None,
                           info: ValidationInfo) -> PresenceReason | None:
        # "online because idle" would go on the record as a contradiction and skew the
        # presence KPIs that read reasons.
        presence = info.data.get("presence")
        if reason is not None and presence is not None and REASON_GOES_TO[reason] != presence:
            raise ValueError(f"reason {reason.value!r} goes only with presence "
                             f"{REASON_GOES_TO[reason].value!r}")
        return reason
