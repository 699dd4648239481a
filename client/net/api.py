"""HTTP to the TicketDesk API over one `QNetworkAccessManager`.

Every call returns an `ApiReply` that emits exactly one of `succeeded(object)` or
`failed(ApiError)`. Nothing here raises into a slot: a refused connection, a timeout, a
non-2xx answer, bad JSON or a body that does not match the expected model all become an
`ApiError`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from pydantic import ValidationError
from PySide6.QtCore import QByteArray, QObject, QUrl, Signal
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkProxy, QNetworkReply, QNetworkRequest

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

    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    CANCELLED = "cancelled"
    BAD_RESPONSE = "bad_response"

    @property
    def is_network(self) -> bool:
        """True when the server could not be reached or did not answer in time."""
        return self.status == 0 and self.code in (self.UNREACHABLE, self.TIMEOUT)

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

    def __init__(
        self,
        reply: QNetworkReply,
        parse: Parser | None,
        parent: QObject,
        on_done: Callable[[ApiReply], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._reply = reply
        self._on_done = on_done
        self._parse = parse
        self._aborted = False
        self._done = False
        self.result: Any = None
        self.error: ApiError | None = None
        reply.finished.connect(self._on_finished)

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
        if self._on_done is not None:
            self._on_done(self)
        self.deleteLater()

    def _outcome(self) -> Any:
        reply = self._reply
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        if status is None:
            return self._transport_error()
        body = bytes(reply.readAll().data())
        try:
            decoded = json.loads(body) if body else None
        except ValueError:
            decoded = _NOT_JSON
        if not 200 <= int(status) < 300:
            return _http_error(int(status), decoded)
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
        if err in _UNREACHABLE:
            return ApiError(0, ApiError.UNREACHABLE, text)
        return ApiError(0, ApiError.UNREACHABLE if err else ApiError.BAD_RESPONSE, text)


_NOT_JSON = object()


def _http_error(status: int, decoded: Any) -> ApiError:
    error = decoded.get("error") if isinstance(decoded, dict) else None
    if isinstance(error, dict) and isinstance(error.get("code"), str):
        return ApiError(status, error["code"], str(error.get("message", "")), error.get("details"))
    return ApiError(status, f"http_{status}", f"HTTP {status}")


class ApiClient(QObject):
    """The API of one server, with one bearer token (None before login)."""

    def __init__(
        self, parent: QObject | None = None, *, timeout_ms: int = DEFAULT_TIMEOUT_MS
    ) -> None:
        super().__init__(parent)
        self._manager = QNetworkAccessManager(self)
        # The server sits on the office LAN; a proxy set up for the internet must not get
        # between the workstation and it.
        self._manager.setProxy(QNetworkProxy(QNetworkProxy.ProxyType.NoProxy))
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
        self.base_url = url.toString().rstrip("/")
        self.token = None

    def get(
        self, path: str, *, params: Params | None = None, parse: Parser | None = None
    ) -> ApiReply:
        return self.request("GET", path, params=params, parse=parse)

    def post(self, path: str, body: Any = None, *, parse: Parser | None = None) -> ApiReply:
        return self.request("POST", path, body=body, parse=parse)

    def put(self, path: str, body: Any = None, *, parse: Parser | None = None) -> ApiReply:
        return self.request("PUT", path, body=body, parse=parse)

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        body: Any = None,
        parse: Parser | None = None,
    ) -> ApiReply:
        """Call ``/api/v1{path}``; ``parse`` turns the decoded JSON into the result."""
        url = QUrl(f"{self.base_url}/api/v1{path}{_query(params)}")
        request = QNetworkRequest(url)
        request.setTransferTimeout(self.timeout_ms)
        request.setRawHeader(b"Accept", b"application/json")
        if self.token:
            request.setRawHeader(b"Authorization", f"Bearer {self.token}".encode())
        data = QByteArray()
        if body is not None or method in ("POST", "PUT", "PATCH"):
            request.setHeader(QNetworkRequest.KnownHeaders.ContentTypeHeader, "application/json")
            data = QByteArray(json.dumps(body if body is not None else {}).encode())
        network_reply = self._manager.sendCustomRequest(request, method.encode(), data)
        reply = ApiReply(network_reply, parse, self, on_done=self._pending.discard)
        self._pending.add(reply)
        return reply


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
