"""Orders as the order system reports them, and their tickets; a caller's lookup."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StrictFloat, StrictInt

from . import examples as ex
from .base import STRICT, RequestModel, UtcDateTime, WireModel, examples, text
from .tickets import Ref, TicketPublic

Short = text(max_length=200)
Money = Annotated[StrictFloat | StrictInt, Field(ge=0, le=1e12)]


class OrderItem(WireModel):
    sku: text(max_length=64) = ""
    name: Short = ""
    quantity: Annotated[StrictFloat | StrictInt, Field(ge=0, le=1e9)] = 1
    price: Money | None = None


class OrderItemIn(OrderItem):
    model_config = STRICT


class OrderUpsert(RequestModel):
    model_config = examples(ex.ORDER_UPSERT)
    updated_at: UtcDateTime | None = Field(default=None, examples=["2026-12-01T09:30:00+08:00"])
    """When the order system last changed the order. A write older than the data held is
    ignored (200 with what is held, ``Stale-Write: ignored``); without it the write counts
    as made now."""
    customer_name: Short = ""
    customer_phone: Short = Field(default="", examples=["021-6234 5678"])
    """As the order system writes it; it is also kept in E.164 for lookups."""
    status: Short = Field(default="", examples=["已发货"])
    owner: Ref | None = None
    """User id or username of the order's owner (跟单人) in the order system."""
    amount: Money | None = Field(default=None, examples=[1299.0])
    items: list[OrderItemIn] = Field(default_factory=list, max_length=200)
    data: dict[str, Any] = Field(default_factory=dict, max_length=50)


class OrderPublic(WireModel):
    model_config = examples(ex.ORDER)
    order_no: str
    customer_name: str
    customer_phone: str
    customer_phone_e164: str | None = None
    status: str
    owner_id: int | None
    amount: float | None = None
    items: list[OrderItem] = Field(default_factory=list)
    data: dict[str, Any]
    updated_at: UtcDateTime
    tickets: list[TicketPublic] = Field(default_factory=list)
    """Its tickets the caller may see, newest first."""


class LookupResult(WireModel):
    """A caller's orders (newest first, without their tickets) and open tickets."""
    model_config = examples(ex.LOOKUP_RESULT)

    phone_e164: str | None = None
    """The number asked for, in E.164 (None when an order number was asked for)."""
    orders: list[OrderPublic] = Field(default_factory=list)
    open_tickets: list[TicketPublic] = Field(default_factory=list)
