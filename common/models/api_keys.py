"""API keys of service accounts: what an admin sends and sees."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from .. import limits
from ..enums import Scope
from . import examples as ex
from .base import Name, RequestModel, UtcDateTime, WireModel, examples, text
from .users import Username

KeyLabel = text(strip=True, max_length=limits.KEY_LABEL_MAX)


class ApiKeyCreate(RequestModel):
    model_config = examples(ex.API_KEY_CREATE)
    account: Username = Field(examples=["telephony"])
    """The service account's username; a new name creates the account."""
    display_name: Name | None = Field(default=None, examples=["呼叫中心 telephony"])
    """The account's name on its events, when the account is new (else unchanged)."""
    name: KeyLabel = Field(default="", examples=["PBX hall 2"])
    """What this key is for (one account may hold several, e.g. one per PBX)."""
    scopes: Annotated[list[Scope], Field(min_length=1, max_length=len(Scope))] = Field(
        examples=[["tickets:read", "tickets:write"]]
    )
    expires_at: UtcDateTime | None = None
    """When the key stops working; none: until revoked."""

    @field_validator("scopes")
    @classmethod
    def _distinct(cls, scopes: list[Scope]) -> list[Scope]:
        return sorted(set(scopes))


class ApiKeyPublic(WireModel):
    model_config = examples(ex.API_KEY)
    id: int
    account_id: int
    account: str
    """The service account's username."""
    account_display_name: str
    name: str
    prefix: str
    """The key's first characters (``tdk_Ab12Cd``), to tell keys apart; never the key."""
    scopes: list[Scope]
    expires_at: UtcDateTime | None
    created_at: UtcDateTime
    last_used_at: UtcDateTime | None
    """Recorded at most once a minute."""
    revoked_at: UtcDateTime | None
    replaced_by_id: int | None = None
    active: bool
    """Neither revoked nor expired."""


class ApiKeyCreated(ApiKeyPublic):
    model_config = examples(ex.API_KEY_CREATED)
    key: str = Field(examples=["tdk_3xAmPlE0nLy7hIsIsNoTaReAlKeY2a9Bc4"])
    """The key itself: shown this once, stored only as a hash."""
