"""One attempt: resolve and check the receiver's address, POST the signed message to that
very address, and say what came of it. Never raises: whatever goes wrong is the outcome."""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
from datetime import UTC, datetime
from urllib.parse import urlsplit

from ..services.webhooks import addresses, messages
from ..services.webhooks.queue import Attempt, Outcome
from . import http1

log = logging.getLogger(__name__)


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - now)


def destination(target: addresses.Target) -> tuple[http1.Destination, str]:
    """Where to connect (the checked address, never the name again: the connection goes
    where the check said, whatever the name resolves to a moment later), and the request
    target (path and query) of the registered URL."""
    parts = urlsplit(target.url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return http1.Destination(scheme=parts.scheme, host=target.host,
                             address=str(target.address), port=target.port), path


async def send(pool: http1.Pool, attempt: Attempt, *, timeout: float,
               allowed: tuple[addresses.Network, ...]) -> Outcome:
    """Resolving, connecting, sending and the answer together take at most ``timeout``."""
    try:
        async with asyncio.timeout(timeout):
            return await _send(pool, attempt, allowed=allowed)
    except TimeoutError:
        return Outcome(attempt.delivery_id, attempt.endpoint_id, ok=False,
                       error=f"no answer within {timeout:g} s")


async def _send(pool: http1.Pool, attempt: Attempt, *,
                allowed: tuple[addresses.Network, ...]) -> Outcome:
    def failed(error: str, status: int | None = None, **kw: object) -> Outcome:
        return Outcome(attempt.delivery_id, attempt.endpoint_id, ok=False, status=status,
                       error=error, **kw)  # type: ignore[arg-type]

    try:
        target = await addresses.resolve_async(attempt.url, allowed)
    except addresses.RefusedAddress as exc:
        return failed(f"refused: {exc}")
    body = attempt.body.encode()
    headers = messages.headers(attempt.secrets, attempt.msg_id, datetime.now(UTC), attempt.body)
    to, path = destination(target)
    try:
        response = await pool.post(to, path, headers, body)
    except http1.HTTPError as exc:
        return failed(str(exc))
    except Exception as exc:  # one bad attempt must never stop the loop
        log.exception("webhook attempt %s failed unexpectedly", attempt.delivery_id)
        return failed(f"{type(exc).__name__}: {exc}")
    status = response.status
    if 200 <= status < 300:
        return Outcome(attempt.delivery_id, attempt.endpoint_id, ok=True, status=status)
    snippet = response.text[:200].strip()
    reason = f"HTTP {status}" + (f": {snippet}" if snippet else "")
    if 300 <= status < 400:
        reason = f"HTTP {status} redirect to {response.headers.get('location', '?')} " \
                 "(redirects are not followed: register the final URL)"
    if status == 410:
        return failed(reason, status, gone=True)
    wait = None
    if status in (429, 503):
        wait = retry_after(response.headers.get("retry-after"), time.time())
    return failed(reason, status, retry_after=wait)
