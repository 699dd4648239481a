"""HTTP to the TicketDesk API over one `QNetworkAccessManager`.

Every call returns an `ApiReply` that emits exactly one of `succeeded(object)` or
`failed(ApiError)`. Nothing here raises into a slot: a refused connection, a timeout, a
non-2xx answer, bad JSON or a body that does not match the expected model all become an
`ApiError`.
"""

from __future__ import annotations

import json
import logging
import types
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlencode

from pydantic import ValidationError
from PySide6.QtCore import QByteArray, QIODevice, QObject, QUrl, Signal
from PySide6.QtNetwork import (
    QNetworkAccessManager,
    QNetworkProxy,
    QNetworkReply,
    QNetworkRequest,
    QSslError,
)

from ticketdesk.common import numbers

from .clock import ServerClock
from .trust import KeyPins

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_MS = 15_000

Parser = Callable[[Any], Any]
Params = Mapping[str, str | int | Sequence[str | int] | None]

_UNREACHABLE = {
    QNetworkReply.NetworkError.ConnectionRefusedError,
    QNetworkReply.NetworkError.HostNotFoundError,
    QNetworkReply.NetworkError.RemoteHostClosedError,
    QNetworkReply.NetworkError.NetworkSessionFailedError,
    QNetworkReply.NetworkError.TemporaryNetworkFailureError,
    QNetworkReply.NetworkError.UnknownNetworkError,
    QNetworkReply.NetworkError.ProxyConnectionRefusedError,
    QNetworkReply.NetworkError.ProxyNotFoundError,
}


@dataclass(frozen=True)
class ApiError:
    """Why a call failed. ``status`` is 0 when no HTTP answer arrived at all."""

    status: int
    code: str
    message: str
    details: Any = None
    retry_after: float | None = None
    """Seconds the server asked us to wait before trying again (503, 429), if it said."""

    UNREACHABLE = "unreachable"
    TLS_UNTRUSTED = "tls_untrusted"
    """The server's certificate is vouched for by no authority and its key is not trusted
    yet (``details``: the `TrustProblem`, with the key's pin to show the user)."""
    TLS_KEY_CHANGED = "tls_key_changed"
    """The server presented a different key from the one trusted for it before."""
    TIMEOUT = "timeout"
    CANCELLED = "cancelled"
    BAD_RESPONSE = "bad_response"

    @property
    def is_network(self) -> bool:
        """True when the server could not be reached or did not answer in time."""
        return self.status == 0 and self.code in (self.UNREACHABLE, self.TIMEOUT)

    @property
    def is_transient(self) -> bool:
        """True when the same call may well succeed in a moment: no answer, or the server
        said it is temporarily unable (503). Nothing was changed by a 503; after a timeout
        the call may have been carried out, so only retry calls that are safe to repeat."""
        return self.is_network or self.status == 503

    def field_errors(self) -> list[dict[str, Any]]:
        """The per-field problems of a 422 ``invalid_fields`` answer, else an empty list."""
        if self.code != "invalid_fields" or not isinstance(self.details, list):
            return []
        return [d for d in self.details if isinstance(d, dict) and isinstance(d.get("field"), str)]


class ApiReply(QObject):
    """One pending call. Connect to its signals right after making the call."""

    succeeded = Signal(object)
    failed = Signal(object)  # ApiError
    finished = Signal()
    """Emitted after either outcome, e.g. to re-enable a button."""
    progress = Signal(int, int)
    """(bytes sent so far, bytes to send) of a request with a large body (an upload)."""

    def __init__(
        self,
        reply: QNetworkReply,
        parse: Parser | None,
        parent: QObject,
        on_done: Callable[[ApiReply], None] | None = None,
        *,
        token: str | None = None,
        clock: ServerClock | None = None,
        pins: KeyPins | None = None,
    ) -> None:
        super().__init__(parent)
        self._reply = reply
        self._pins = pins
        # Weakly: the client owns its replies; a reply holding on to its client would make
        # the client's last reference go with the reply's deletion, and a parent deleted from
        # within its child's destructor corrupts the heap.
        self._on_done: Callable[[], Callable[[ApiReply], None] | None] | None = None
        if isinstance(on_done, types.MethodType):
            self._on_done = weakref.WeakMethod(on_done)
        elif on_done is not None:
            self._on_done = lambda: on_done
        self._parse = parse
        self._clock = clock
        self._aborted = False
        self._done = False
        self.token = token
        """The bearer token the call was made with (None: none)."""
        self.result: Any = None
        self.error: ApiError | None = None
        self.replayed = False
        """The server answered with what an earlier call with the same idempotency key
        created, instead of creating it again."""
        reply.finished.connect(self._on_finished)
        reply.uploadProgress.connect(self._on_progress)

    def _on_progress(self, sent: int, total: int) -> None:
        if total > 0:
            self.progress.emit(sent, total)

    @property
    def done(self) -> bool:
        """True once the outcome is known (a 204 answer succeeds with None)."""
        return self._done

    def abort(self) -> None:
        """Give up on the call; it then fails with ``cancelled``."""
        if self.done:
            return
        self._aborted = True
        self._reply.abort()

    def _on_finished(self) -> None:
        try:
            result = self._outcome()
        except Exception as exc:  # a bug in a parser must not escape into Qt's event loop
            log.exception("unexpected error while reading a reply")
            result = ApiError(0, ApiError.BAD_RESPONSE, f"could not read the answer: {exc}")
        finally:
            self._reply.deleteLater()
        self._done = True
        if isinstance(result, ApiError):
            self.error = result
            self.failed.emit(result)
        else:
            self.result = result
            self.succeeded.emit(result)
        self.finished.emit()
        on_done = self._on_done() if self._on_done is not None else None
        if on_done is not None:
            on_done(self)
        self.deleteLater()

    def _outcome(self) -> Any:
        reply = self._reply
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        if status is None:
            return self._transport_error()
        # (rawHeaderPairs, not rawHeader(name): in PySide6 6.12 the name becomes a view of a
        # temporary that is gone before Qt reads it.)
        headers = {
            bytes(name.data()).lower(): bytes(value.data())
            for name, value in reply.rawHeaderPairs()
        }
        self._observe_date(headers.get(b"date", b""))
        self.replayed = headers.get(b"idempotent-replayed", b"").lower() == b"true"
        body = bytes(reply.readAll().data())
        try:
            decoded = json.loads(body) if body else None
        except ValueError:
            decoded = _NOT_JSON
        if not 200 <= int(status) < 300:
            retry_after = _retry_after(headers.get(b"retry-after", b""))
            return _http_error(int(status), decoded, retry_after)
        if decoded is _NOT_JSON:
            return ApiError(int(status), ApiError.BAD_RESPONSE, "the server's answer is not JSON")
        if self._parse is None or decoded is None:
            return decoded
        try:
            return self._parse(decoded)
        except ValidationError as exc:
            return ApiError(
                int(status), ApiError.BAD_RESPONSE, f"unexpected answer from the server: {exc}"
            )

    def _observe_date(self, header: bytes) -> None:
        if self._clock is None:
            return
        raw = header.decode("latin-1")
        try:
            moment = parsedate_to_datetime(raw) if raw else None
        except (TypeError, ValueError):
            moment = None
        if moment is not None:
            self._clock.observe(moment)

    def _transport_error(self) -> ApiError:
        err = self._reply.error()
        text = self._reply.errorString()
        if err is QNetworkReply.NetworkError.OperationCanceledError and self._aborted:
            return ApiError(0, ApiError.CANCELLED, "cancelled")
        if err in (
            QNetworkReply.NetworkError.OperationCanceledError,  # the transfer timeout fired
            QNetworkReply.NetworkError.TimeoutError,
        ):
            return ApiError(0, ApiError.TIMEOUT, "the server did not answer in time")
        if err is QNetworkReply.NetworkError.SslHandshakeFailedError and self._pins is not None:
            problem = self._pins.problem(self._reply.url())
            if problem is not None:
                code = ApiError.TLS_KEY_CHANGED if problem.changed else ApiError.TLS_UNTRUSTED
                return ApiError(0, code, text, problem)
        if err in _UNREACHABLE:
            return ApiError(0, ApiError.UNREACHABLE, text)
        return ApiError(0, ApiError.UNREACHABLE if err else ApiError.BAD_RESPONSE, text)


_NOT_JSON = object()


def _http_error(status: int, decoded: Any, retry_after: float | None = None) -> ApiError:
    error = decoded.get("error") if isinstance(decoded, dict) else None
    if isinstance(error, dict) and isinstance(error.get("code"), str):
        return ApiError(
            status,
            error["code"],
            str(error.get("message", "")),
            error.get("details"),
            retry_after,
        )
    return ApiError(status, f"http_{status}", f"HTTP {status}", retry_after=retry_after)


def _retry_after(raw: bytes) -> float | None:
    """``Retry-After`` in seconds: given as seconds, or as an HTTP date."""
    text = raw.decode("latin-1").strip()
    if not text:
        return None
    seconds = numbers.parse_int(text)
    if seconds is not None:
        return float(seconds)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


class ApiClient(QObject):
    """The API of one server, with one bearer token (None before login)."""

    session_rejected = Signal(object)  # ApiError
    """A call made with the current token was answered 401: the server no longer accepts
    the token (logged out elsewhere, expired, password changed, account deactivated)."""

    def __init__(
        self, parent: QObject | None = None, *, timeout_ms: int = DEFAULT_TIMEOUT_MS
    ) -> None:
        super().__init__(parent)
        self.clock = ServerClock()
        """The server's time, learnt from the ``Date`` of its answers (and live events)."""
        self._manager = QNetworkAccessManager(self)
        # The server sits on the office LAN; a proxy set up for the internet must not get
        # between the workstation and it.
        self._manager.setProxy(QNetworkProxy(QNetworkProxy.ProxyType.NoProxy))
        self.pins = KeyPins(self)
        """Server keys the user trusted on first use (self-signed certificates)."""
        self._manager.sslErrors.connect(self._on_ssl_errors)
        self.timeout_ms = timeout_ms
        self.base_url = ""
        self.token: str | None = None
        self._pending: set[ApiReply] = set()

    @property
    def pending(self) -> int:
        """Calls still waiting for their answer."""
        return len(self._pending)

    def set_server(self, address: str) -> None:
        """``host:port`` (or a full http:// URL) of the server; forgets the token."""
        url = QUrl(server_url(address))
        if url.port() == -1:
            url.setPort(DEFAULT_PORT)
        base_url = url.toString().rstrip("/")
        if base_url != self.base_url:
            self.clock.reset()
        self.base_url = base_url
        self.token = None

    def switch_server(self, address: str) -> None:
        """Talk to another server of the same installation, keeping the token (sessions are
        in the shared database)."""
        token = self.token
        self.set_server(address)
        self.token = token

    def get(
        self, path: str, *, params: Params | None = None, parse: Parser | None = None
    ) -> ApiReply:
        return self.request("GET", path, params=params, parse=parse)

    def post(
        self,
        path: str,
        body: Any = None,
        *,
        parse: Parser | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> ApiReply:
        return self.request("POST", path, body=body, parse=parse, headers=headers)

    def put(self, path: str, body: Any = None, *, parse: Parser | None = None) -> ApiReply:
        return self.request("PUT", path, body=body, parse=parse)

    def kpis(
        self,
        *,
        period_from: datetime,
        period_to: datetime,
        groups: Sequence[int] = (),
        timezone: str = "UTC",
    ) -> ApiReply:
        """``GET /kpis`` for ``period_from`` ≤ t < ``period_to`` and the chosen groups (all
        when none), per agent, days starting in ``timezone``; succeeds with a `KpiReport`."""
        # (imported here: the wire models load after the login window, see app.py)
        from ticketdesk.common.models import KpiReport

        params = {
            "from": _instant(period_from),
            "to": _instant(period_to),
            "by": "agent",
            "tz": timezone,
            "group": list(groups),
        }
        return self.get("/kpis", params=params, parse=KpiReport.model_validate)

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        body: Any = None,
        parse: Parser | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> ApiReply:
        """Call ``/api/v1{path}``; ``parse`` turns the decoded JSON into the result."""
        url = QUrl(f"{self.base_url}/api/v1{path}{_query(params)}")
        request = QNetworkRequest(url)
        request.setTransferTimeout(self.timeout_ms)
        request.setRawHeader(b"Accept", b"application/json")
        if self.token:
            request.setRawHeader(b"Authorization", f"Bearer {self.token}".encode())
        for name, value in (headers or {}).items():
            request.setRawHeader(name.encode("ascii"), value.encode("ascii"))
        data = QByteArray()
        if body is not None or method in ("POST", "PUT", "PATCH"):
            request.setHeader(QNetworkRequest.KnownHeaders.ContentTypeHeader, "application/json")
            data = QByteArray(json.dumps(body if body is not None else {}).encode())
        network_reply = self._manager.sendCustomRequest(request, method.encode(), data)
        reply = ApiReply(
            network_reply,
            parse,
            self,
            on_done=self._on_done,
            token=self.token,
            clock=self.clock,
            pins=self.pins,
        )
        self._pending.add(reply)
        return reply

    def send_file(
        self,
        path: str,
        device: QIODevice,
        *,
        params: Params | None = None,
        parse: Parser | None = None,
        timeout_ms: int | None = None,
    ) -> ApiReply:
        """``POST /api/v1{path}`` with ``device`` (an open file) as the body, read by Qt as
        it sends: the file is never all in memory, and the GUI thread never waits on it.
        ``progress`` reports the bytes sent. The transfer timeout counts from the last byte
        moved, so a large file on a slow line is not cut off."""
        url = QUrl(f"{self.base_url}/api/v1{path}{_query(params)}")
        request = QNetworkRequest(url)
        request.setTransferTimeout(timeout_ms or self.timeout_ms)
        request.setRawHeader(b"Accept", b"application/json")
        request.setHeader(QNetworkRequest.KnownHeaders.ContentTypeHeader,
                          "application/octet-stream")
        request.setHeader(QNetworkRequest.KnownHeaders.ContentLengthHeader, device.size())
        if self.token:
            request.setRawHeader(b"Authorization", f"Bearer {self.token}".encode())
        network_reply = self._manager.post(request, device)
        device.setParent(network_reply)  # closed and deleted with the reply
        reply = ApiReply(network_reply, parse, self, on_done=self._on_done, token=self.token,
                         clock=self.clock, pins=self.pins)
        self._pending.add(reply)
        return reply

    def fetch_to(self, path: str, sink: QIODevice, *, params: Params | None = None,
                 most: int | None = None) -> Download:
        """``GET /api/v1{path}``, the body written into ``sink`` as it arrives (a file being
        saved, or a buffer for a preview of at most ``most`` bytes)."""
        url = QUrl(f"{self.base_url}/api/v1{path}{_query(params)}")
        request = QNetworkRequest(url)
        request.setTransferTimeout(self.timeout_ms)
        if self.token:
            request.setRawHeader(b"Authorization", f"Bearer {self.token}".encode())
        return Download(self._manager.get(request), sink, self, most=most)

    def _on_ssl_errors(self, reply: QNetworkReply, errors: list[QSslError]) -> None:
        # Only a key the user trusted for this server lets a failed verification through.
        if self.pins.judge(reply.url(), reply.sslConfiguration().peerCertificateChain(), errors):
            reply.ignoreSslErrors(errors)

    def _on_done(self, reply: ApiReply) -> None:
        self._pending.discard(reply)
        error = reply.error
        # Only a refusal of the token still in use ends the session: a late answer to a call
        # made with an earlier token (or a wrong password at login, made without one) does not.
        if error is not None and error.status == 401 and reply.token and reply.token == self.token:
            self.session_rejected.emit(error)


class Download(QObject):
    """A file coming down into a device; exactly one of ``succeeded()`` or
    ``failed(ApiError)``, then ``finished``. ``progress``: (bytes so far, bytes in all)."""

    succeeded = Signal()
    failed = Signal(object)  # ApiError
    finished = Signal()
    progress = Signal(int, int)

    def __init__(self, reply: QNetworkReply, sink: QIODevice, parent: QObject, *,
                 most: int | None = None) -> None:
        super().__init__(parent)
        self._reply = reply
        self._sink = sink
        self._most = most
        self._error_body = b""
        self.received = 0
        reply.readyRead.connect(self._on_ready)
        reply.downloadProgress.connect(
            lambda got, total: self.progress.emit(got, total) if total > 0 else None)
        reply.finished.connect(self._on_finished)

    def _ok_status(self) -> bool:
        status = self._reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        return status is not None and 200 <= int(status) < 300

    def _on_ready(self) -> None:
        data = bytes(self._reply.readAll().data())
        if not self._ok_status():
            self._error_body += data[:65536]
            return
        self.received += len(data)
        if self._most is not None and self.received > self._most:
            self._reply.abort()
            return
        self._sink.write(data)

    def _on_finished(self) -> None:
        self._on_ready()
        status = self._reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        if status is None:
            error = ApiError(0, ApiError.UNREACHABLE, self._reply.errorString())
        elif not 200 <= int(status) < 300:
            try:
                decoded = json.loads(self._error_body) if self._error_body else None
            except ValueError:
                decoded = None
            error = _http_error(int(status), decoded)
        elif self._reply.error() is not QNetworkReply.NetworkError.NoError:
            error = ApiError(0, ApiError.CANCELLED, self._reply.errorString())
        else:
            error = None
        self._reply.deleteLater()
        if error is None:
            self.succeeded.emit()
        else:
            self.failed.emit(error)
        self.finished.emit()
        self.deleteLater()


DEFAULT_PORT = 8470


def server_url(address: str) -> str:
    """``host:port`` → ``http://host:port``; a full URL is kept (without a trailing slash)."""
    address = address.strip().rstrip("/")
    if "://" not in address:
        address = f"http://{address}"
    return address


def valid_address(address: str) -> bool:
    """True for ``host``, ``host:port`` or an http(s) URL with a host and a sane port."""
    url = QUrl(server_url(address))
    return (
        url.isValid()
        and url.scheme() in ("http", "https")
        and bool(url.host())
        and 0 < url.port(DEFAULT_PORT) < 65536
        and url.path() in ("", "/")
    )


def _instant(moment: datetime) -> str:
    """An aware moment as ISO 8601 in UTC (``…Z``), as the API's date filters take it."""
    if moment.tzinfo is None:
        raise ValueError("a moment for the API needs its timezone")
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _query(params: Params | None) -> str:
    if not params:
        return ""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, str | int):
            pairs.append((key, str(value)))
        else:
            pairs.extend((key, str(v)) for v in value)
    return f"?{urlencode(pairs)}" if pairs else ""
