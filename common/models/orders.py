"""Orders as the order system reports them, and their tickets."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .base import RequestModel, UtcDateTime, WireModel, text
from .tickets import Ref, TicketPublic

Short = text(max_length=200)


class OrderUpsert(RequestModel):
    customer_name: Short = ""
    customer_phone: Short = ""
    status: Short = ""
    owner: Ref | None = None
    """User id or username of the order's owner (跟单人) in the order system."""
    data: dict[str, Any] = Field(default_factory=dict, max_length=50)


class OrderPublic(WireModel):
    order_no: str
    customer_name: str
    customer_phone: str
    status: str
    owner_id: int | None
    data: dict[str, Any]
    updated_at: UtcDateTime
    tickets: list[TicketPublic] = Field(default_factory=list)
