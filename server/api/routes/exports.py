"""Streamed exports: every ticket (``GET /tickets/export``) or event (``GET /events/export``)
of a search, as NDJSON rows of the exported columns — what a desktop export writes to a
file, without paging through ``GET /tickets`` or ``GET /events`` (a page of 500 full tickets
cost the server more to read and encode, and the client more to decode, than the file took
to write). One stream for both: each kind of export (`services.exports.Export`) says how it
counts, reads and writes its rows."""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import AsyncIterator, Iterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import iterate_in_threadpool

from ticketdesk.common import limits
from ticketdesk.common.models import ErrorResponse, ExportEnd, ExportHeader
from ticketdesk.common.models.errors import ErrorBody
from ticketdesk.common.models.examples import EVENT_EXPORT_NDJSON, TICKET_EXPORT_NDJSON

from ...services.errors import Busy, Invalid
from ...services.event_export import EventExport
from ...services.exports import BATCH_ROWS, Export
from ...services.ticket_export import TicketExport
from ..deps import EventsReader, SessionDep, TicketsReader
from ..event_filters import EventQuery
from ..ticket_filters import TicketQuery
from ..unit_of_work import UnitOfWorkRoute

log = logging.getLogger(__name__)

router = APIRouter(route_class=UnitOfWorkRoute)

MEDIA_TYPE = "application/x-ndjson"
RETRY_AFTER_S = 5


class ExportSlots:
    """How many exports this process streams right now (``limits.EXPORTS_AT_ONCE`` at most)."""

    def __init__(self, size: int = limits.EXPORTS_AT_ONCE) -> None:
        self._free = threading.BoundedSemaphore(size)

    def take(self) -> Slot:
        if not self._free.acquire(blocking=False):
            raise Busy(
                f"{limits.EXPORTS_AT_ONCE} exports are already running; try again in a moment",
                code="too_many_exports",
                retry_after=RETRY_AFTER_S,
            )
        return Slot(self._free)


class Slot:
    """One export's place; given back once, however many ways its end is noticed."""

    def __init__(self, free: threading.BoundedSemaphore) -> None:
        self._free: threading.BoundedSemaphore | None = free
        self._lock = threading.Lock()

    def give_back(self) -> None:
        with self._lock:
            free, self._free = self._free, None
        if free is not None:
            free.release()


def slots(request: Request) -> ExportSlots:
    return request.app.state.export_slots  # made with the app (see app.py)


def _documented(what: str, order: str, example: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: {
            "description": "NDJSON: an `ExportHeader` line (`columns`, `total`), then one "
            f"JSON array per {what} in the order of `columns`, {order}, then an `ExportEnd` "
            "line (`{\"end\": true, \"rows\": n}`). A stream without the end line was cut "
            "short; a line `{\"error\": {...}}` says why it stopped.",
            "content": {MEDIA_TYPE: {"schema": {"type": "string"}, "example": example}},
        },
        422: {"description": "``export_too_large``: more than "
              f"{limits.EXPORT_ROWS_MAX:,} rows; narrow the filters.", "model": ErrorResponse},
        429: {"description": "``too_many_exports``: enough exports are running; retry after "
              "``Retry-After`` seconds.", "model": ErrorResponse},
    }


@router.get("/tickets/export", tags=["tickets"], response_class=StreamingResponse,
            responses=_documented("ticket", "newest first", TICKET_EXPORT_NDJSON))
def export_tickets(
    request: Request, actor: TicketsReader, session: SessionDep, filt: TicketQuery
) -> StreamingResponse:
    """Every ticket ``GET /tickets`` would list for the same filters (and the same caller),
    streamed in constant memory for a file export."""
    return streamed(request, session, TicketExport(actor, filt))


@router.get("/events/export", tags=["audit"], response_class=StreamingResponse,
            responses=_documented("event", "newest first (by time, then id)",
                                  EVENT_EXPORT_NDJSON))
def export_events(
    request: Request, actor: EventsReader, session: SessionDep, filt: EventQuery
) -> StreamingResponse:
    """Every event ``GET /events`` would list for the same filters, streamed in constant
    memory for a file export."""
    return streamed(request, session, EventExport(filt))


def streamed(request: Request, session: Session, export: Export) -> StreamingResponse:
    taken = slots(request).take()
    try:
        total, start = export.count(session)
        if total > limits.EXPORT_ROWS_MAX:
            raise Invalid(
                f"the export would hold {total:,} rows, more than {limits.EXPORT_ROWS_MAX:,}; "
                "narrow the search (a period, a group, a status)",
                code="export_too_large",
                details={"total": total, "max": limits.EXPORT_ROWS_MAX},
            )
    except BaseException:
        taken.give_back()
        raise
    header = ExportHeader(columns=list(export.columns), total=total)
    body = holding(taken, _stream(request.app.state.sessions, export, start, header, taken))
    return StreamingResponse(body, media_type=MEDIA_TYPE, headers={
        "Cache-Control": "no-store", "X-Total-Count": str(total)})


def holding(slot: Slot, stream: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """The stream, with its slot given back when it is dropped: a stream that never runs
    (the request's commit failed after the route returned, the client left before the first
    byte) never reaches its ``finally``."""
    weakref.finalize(stream, slot.give_back)
    return stream


def _batches(sessions: sessionmaker[Session], export: Export, start: Any,
             counted: list[int]) -> Iterator[bytes]:
    below = start
    while True:
        with sessions() as session:  # a session a batch: nothing held between them
            rows = export.batch(session, below)
        if not rows:
            return
        counted[0] += len(rows)
        yield export.encode(rows)
        if len(rows) < BATCH_ROWS:
            return
        below = export.after(rows)


async def _stream(sessions: sessionmaker[Session], export: Export, start: Any,
                  header: ExportHeader, taken: Slot) -> AsyncIterator[bytes]:
    counted = [0]
    try:
        yield header.model_dump_json().encode() + b"\n"
        if start is not None:
            async for chunk in iterate_in_threadpool(_batches(sessions, export, start, counted)):
                yield chunk
        yield ExportEnd(rows=counted[0]).model_dump_json().encode() + b"\n"
    except Exception:
        # The status line is long gone: say so in the stream, which has no end line then.
        log.exception("export stopped after %d rows", counted[0])
        error = ErrorBody(code="export_failed", message="the export stopped on the server")
        yield b'{"error":' + error.model_dump_json().encode() + b"}\n"
    finally:
        taken.give_back()
