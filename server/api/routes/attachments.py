"""Attachments of a ticket: upload (the body streamed into the database piece by piece),
list, and download (streamed out the same way). Who may see the ticket may fetch its files;
who may comment on it may add one."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool
from starlette.requests import ClientDisconnect

from ticketdesk.common import numbers
from ticketdesk.common.models import AttachmentList, AttachmentPublic

from ...services import attachments
from ...services.actors import Actor
from ...services.errors import Conflict, DomainError, Invalid, RunAgain
from ...store.schema import Attachment
from ..deps import SessionDep, TicketId, TicketsReader, TicketsWriter
from ..responses import ModelResponse
from ..unit_of_work import ROLLED_BACK, UnitOfWorkRoute, pgcode

T = TypeVar("T")

router = APIRouter(prefix="/tickets", tags=["attachments"], route_class=UnitOfWorkRoute)

AttachmentId = Annotated[int, Path(ge=1, le=2**63 - 1, description="Attachment id")]

DRAIN_BYTES = 32 * 1024 * 1024
"""After refusing an upload, up to this much more of its body is read (and dropped) before
answering: a client still sending when the answer comes would otherwise see its connection
cut instead of the reason. Past it, the connection is closed."""
KEEP_ATTEMPTS = 4
"""Tries at the final step (locking the ticket, writing the row and the event) when a
concurrent action on the ticket makes PostgreSQL roll it back; the pieces stay written."""
PIECES_PER_READ = 4
"""Pieces a download reads per query (1 MiB), each query in a short session of its own."""


class Uploads:
    """This process's uploads: at most ``at_once`` are written at a time; more wait for a
    turn before reading their bodies (TCP holds the senders back meanwhile)."""

    def __init__(self, sessions: sessionmaker[Session], *, at_once: int, limit: int,
                 allowed: list[str]) -> None:
        self.sessions = sessions
        self.limit = limit
        self.allowed = frozenset(allowed)
        self._turns = asyncio.Semaphore(at_once)
        self.running = 0

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        async with self._turns:
            self.running += 1
            try:
                yield
            finally:
                self.running -= 1

    def _in_transaction(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self.sessions() as session, session.begin():
            return work(session, *args, **kwargs)

    async def _run(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await run_in_threadpool(self._in_transaction, work, *args, **kwargs)

    async def receive(self, *, ticket_id: int, actor: Actor, name: str,
                      comment_id: int | None, body: AsyncIterator[bytes]) -> AttachmentPublic:
        async with self.turn():
            attachment_id = await self._run(attachments.begin, ticket_id=ticket_id,
                                            actor=actor, name=name, comment_id=comment_id)
            kept = False
            try:
                intake = attachments.Intake(limit=self.limit, allowed=self.allowed)
                seq = 0
                async for piece in body:
                    for chunk in intake.take(piece):
                        await self._run(attachments.write_chunk, attachment_id, seq, chunk)
                        seq += 1
                for chunk in intake.end():
                    await self._run(attachments.write_chunk, attachment_id, seq, chunk)
                    seq += 1
                public = await run_in_threadpool(
                    self._keep, attachment_id=attachment_id, ticket_id=ticket_id,
                    actor=actor, intake=intake, comment_id=comment_id)
                kept = True
                return public
            finally:
                if not kept:  # refused, broken off, or failed: nothing of it stays
                    await asyncio.shield(self._run(attachments.discard, attachment_id))

    def _keep(self, **kwargs: Any) -> AttachmentPublic:
        """The last step, tried again where the unit of work would run the whole request
        again (a deadlock with an action on the ticket, the ticket moving group while being
        locked): the body cannot be read twice, but its pieces are stored already."""
        for attempt in range(1, KEEP_ATTEMPTS + 1):
            try:
                with self.sessions() as session, session.begin():
                    return AttachmentPublic.model_validate(attachments.keep(session, **kwargs))
            except (RunAgain, DBAPIError) as exc:
                if attempt == KEEP_ATTEMPTS or (
                    isinstance(exc, DBAPIError) and pgcode(exc) not in ROLLED_BACK
                ):
                    raise
        raise AssertionError("unreachable")


async def _drain(body: AsyncIterator[bytes], budget: int) -> None:
    seen = 0
    try:
        async for piece in body:
            seen += len(piece)
            if seen > budget:
                return
    except ClientDisconnect:
        return


_BINARY = {"schema": {"type": "string", "format": "binary"}}


@router.post(
    "/{ticket_id}/attachments",
    response_model=AttachmentPublic,
    status_code=201,
    responses={
        201: {"description": "Stored, with its ``attached`` event on the ticket's record."},
        413: {"description": "``payload_too_large``: over ``attachment_max_bytes`` (also when "
              "sent chunked, or the declared length was wrong); nothing is kept."},
        415: {"description": "``unsupported_media_type``: the bytes are of a type the server "
              "does not accept (``details.content_type``, ``details.allowed``)."},
        422: {"description": "``invalid_name`` (control characters, too long, none), "
              "``empty_file``, ``unknown_comment``."},
    },
    openapi_extra={"requestBody": {"required": True, "description": (
        "The file's bytes as they are (not multipart). Any Content-Type: the server looks "
        "at the bytes to know what they are."), "content": {
        "application/octet-stream": {**_BINARY, "examples": {"screenshot": {
            "summary": "curl --data-binary @截图.png -H 'Content-Type: application/octet-"
                       "stream' '…/tickets/42/attachments?name=截图.png'",
            "value": "(the file's bytes)"}}},
        "image/png": _BINARY,
        "*/*": _BINARY,
    }}},
)
async def upload_attachment(
    ticket_id: TicketId,
    request: Request,
    actor: TicketsWriter,
    name: Annotated[str, Query(min_length=1, max_length=4096, description=(
        "The file name (UTF-8, URL-encoded); only its last path part is kept."))],
    comment: Annotated[int | None, Query(ge=1, le=2**63 - 1, description=(
        "The id of the ticket's ``commented`` event this file belongs to."))] = None,
) -> ModelResponse:
    """Add a file to a ticket, or to one of its comments. The body is the file (any size up
    to the limit, ``Content-Length`` or chunked); what it is is sniffed from its bytes and
    must be on the server's allow-list. Whoever may comment on the ticket may attach."""
    if getattr(request.state, "upload_tried", False):
        # The unit of work runs a request again after some failures; a body is read once.
        raise Conflict("the upload could not be finished; send it again",
                       code="upload_interrupted")
    request.state.upload_tried = True
    uploads: Uploads = request.app.state.uploads
    body = request.stream()
    declared = numbers.parse_int(request.headers.get("content-length", ""))
    try:
        if declared is not None and declared > uploads.limit:
            raise attachments.too_large(uploads.limit)
        clean = attachments.clean_name(name)
        try:
            public = await uploads.receive(ticket_id=ticket_id, actor=actor, name=clean,
                                           comment_id=comment, body=body)
        except ClientDisconnect:
            raise Invalid("the upload was cut off before its end", code="upload_incomplete"
                          ) from None
    except DomainError:
        if declared is None or declared <= uploads.limit + DRAIN_BYTES:
            await _drain(body, DRAIN_BYTES + uploads.limit)
        raise
    return ModelResponse(public, 201)


@router.get("/{ticket_id}/attachments", response_model=AttachmentList)
def list_attachments(ticket_id: TicketId, actor: TicketsReader, session: SessionDep
                     ) -> AttachmentList:
    """The ticket's files, oldest first (their bytes from the download route)."""
    return AttachmentList(data=[
        AttachmentPublic.model_validate(a)
        for a in attachments.list_for(session, ticket_id=ticket_id, actor=actor)
    ])


@router.get(
    "/{ticket_id}/attachments/{attachment_id}",
    response_class=StreamingResponse,
    responses={200: {"description": "The file's bytes, with the content type the server "
                     "found, its length, and its name in Content-Disposition.",
                     "content": {"*/*": {**_BINARY, "example": "(the file's bytes)"}}}},
)
def download_attachment(
    ticket_id: TicketId,
    attachment_id: AttachmentId,
    actor: TicketsReader,
    session: SessionDep,
    request: Request,
    disposition: Literal["attachment", "inline"] = "attachment",
) -> StreamingResponse:
    """The file, streamed. The same 404 for a ticket the caller may not see as for one that
    is not there."""
    attachment = attachments.find(session, ticket_id=ticket_id, attachment_id=attachment_id,
                                  actor=actor)
    return StreamingResponse(
        iterate_in_threadpool(_pieces(request.app.state.sessions, attachment.id)),
        media_type=attachment.content_type,
        headers=_download_headers(attachment, disposition),
    )


def _download_headers(attachment: Attachment, disposition: str) -> dict[str, str]:
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_"
                       for c in attachment.name)
    return {
        "Content-Length": str(attachment.size),
        "Content-Disposition": f"{disposition}; filename=\"{fallback}\"; "
                               f"filename*=UTF-8''{quote(attachment.name, safe='')}",
        "ETag": f'"{attachment.sha256}"',
        "X-Content-Type-Options": "nosniff",
        # Opened in a browser, nothing in it may run or reach anything.
        "Content-Security-Policy": "sandbox; default-src 'none'",
        "Cache-Control": "private, max-age=86400, immutable",
    }


def _pieces(sessions: sessionmaker[Session], attachment_id: int) -> Iterator[bytes]:
    after = -1
    while True:
        with sessions() as session:  # nothing held between reads
            rows = attachments.read_chunks(session, attachment_id, after=after,
                                           count=PIECES_PER_READ)
        for seq, data in rows:
            after = seq
            yield data
        if len(rows) < PIECES_PER_READ:
            return
