"""Every error leaves as ``{"error": {"code", "message", "details"}}`` with a fitting status."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, NoResultFound, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..services import errors
from .unit_of_work import ROLLED_BACK, UNIQUE_VIOLATION, pgcode

log = logging.getLogger(__name__)

STATUS = {
    errors.Unauthorized: 401,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.Invalid: 422,
    errors.TooLarge: 413,
    errors.Unsupported: 415,
    errors.TooManyAttempts: 429,
}

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    503: "unavailable",
}


def error_response(
    status: int, code: str, message: str, details: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, "details": details}},
        status_code=status,
        headers=headers,
    )


async def _domain(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, errors.DomainError)
    status = next(s for cls, s in STATUS.items() if isinstance(exc, cls))
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if isinstance(exc, errors.TooManyAttempts):
        headers = {"Retry-After": str(exc.retry_after)}
    return error_response(status, exc.code, exc.message, exc.details, headers)


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for err in exc.errors():
        if err.get("type") == "json_invalid":
            return error_response(400, "malformed_json", "the request body is not valid JSON")
        # Leave out the offending input: it may be huge, or a password.
        problems.append(
            {
                "loc": [str(p) for p in err.get("loc", ())],
                "type": err.get("type"),
                "message": err.get("msg"),
            }
        )
    return error_response(
        422, "validation_failed", "the request does not match the schema", problems
    )


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    if exc.status_code == 400 and "parsing the body" in message:
        code, message = "malformed_body", "the request body could not be read as JSON"
    return error_response(exc.status_code, code, message, headers=getattr(exc, "headers", None))


async def _database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    if pgcode(exc) in ROLLED_BACK:
        # A deadlock or serialization failure that outlasted the retries (unit_of_work): the
        # database is fine, this change collided with others. Nothing was changed.
        log.warning("write conflict persisted on %s %s", request.method, request.url.path)
        return error_response(
            409, "write_conflict", "the change collided with others at the same moment; "
            "nothing was changed, try again", headers={"Retry-After": "1"},
        )
    # The database restarting or failing over: nothing was changed, the call can be retried.
    log.warning(
        "database unavailable on %s %s: %s %s", request.method, request.url.path,
        type(exc).__name__, pgcode(exc) or "",
    )
    return error_response(
        503,
        "database_unavailable",
        "the database is not reachable right now; try again in a moment",
        headers={"Retry-After": "2"},
    )


TAKEN = {
    "uq_groups_name": ("group_name_taken", "a group with that name exists"),
    "uq_ticket_types_key": ("type_key_taken", "a ticket type with that key exists"),
    "uq_users_username_lower": ("username_taken", "that username is taken"),
    "pk_memberships": ("already_a_member", "already a member of that group"),
    "pk_orders": ("order_exists", "the order was created at the same moment"),
}
"""Unique constraints a request can collide on, as the error the losing request gets."""


async def _integrity(request: Request, exc: Exception) -> JSONResponse:
    # Reached only when a collision outlasted the re-run (unit_of_work) or is no race at all:
    # still the client's conflict with what exists, never a 500. Nothing was changed.
    constraint = getattr(getattr(getattr(exc, "orig", None), "diag", None),
                         "constraint_name", None)
    if pgcode(exc) == UNIQUE_VIOLATION:
        code, message = TAKEN.get(constraint or "", ("already_exists", "it exists already"))
        return error_response(409, code, message)
    log.warning("integrity error on %s %s: %s", request.method, request.url.path, constraint)
    return error_response(409, "conflict", "that conflicts with what is stored (it changed "
                          "meanwhile); nothing was changed", {"constraint": constraint})


async def _data(request: Request, exc: Exception) -> JSONResponse:
    # PostgreSQL refused a value (out of range, an offset it cannot hold): it came from the
    # request, since what the server computes itself fits its columns. Nothing was changed.
    log.warning("value refused by the database on %s %s: %s", request.method,
                request.url.path, getattr(getattr(exc, "orig", None), "pgcode", None))
    return error_response(422, "invalid_value", "a value is out of the range that can be "
                          "stored or compared")


async def _vanished(request: Request, exc: Exception) -> JSONResponse:
    # A row the request relied on is gone (a membership removed a moment ago, while the
    # caller's cached identity still had it): the state changed, not a server fault.
    log.info("row gone on %s %s: %s", request.method, request.url.path, exc)
    return error_response(409, "changed_meanwhile",
                          "something this relies on changed a moment ago; reload and retry")


async def _moving(request: Request, exc: Exception) -> JSONResponse:
    # RunAgain outlasted the retries: the ticket keeps moving between groups.
    log.warning("still moving after retries on %s %s: %s", request.method, request.url.path, exc)
    return error_response(409, "busy", "the ticket keeps moving between groups; nothing was "
                          "changed, try again", headers={"Retry-After": "1"})


async def _busy(request: Request, exc: Exception) -> JSONResponse:
    # Every pooled connection stayed in use for the pool's whole timeout (30 s): the server
    # is overloaded, not broken, and nothing of this request was done — a retry, not a 500.
    log.warning("no database connection free for %s %s within the pool's timeout",
                request.method, request.url.path)
    return error_response(503, "server_busy", "the server is too busy right now; "
                          "nothing was changed, try again in a moment",
                          headers={"Retry-After": "2"})


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(500, "internal_error", "the server hit an unexpected error")


def install(app: FastAPI) -> None:
    # The handlers are ``async def``: Starlette runs a plain ``def`` handler on a request
    # thread, one more hop for every refusal (and they only build an answer and log).
    app.add_exception_handler(errors.DomainError, _domain)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(OperationalError, _database_unavailable)
    app.add_exception_handler(PoolTimeout, _busy)
    app.add_exception_handler(IntegrityError, _integrity)
    app.add_exception_handler(NoResultFound, _vanished)
    app.add_exception_handler(DataError, _data)
    app.add_exception_handler(errors.RunAgain, _moving)
    app.add_exception_handler(Exception, _unexpected)
