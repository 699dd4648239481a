"""Which HTTP parser and event loop uvicorn runs the server on, and the parser's limits.

``httptools`` (llhttp, in C) and ``uvloop`` (libuv) cost the server process less CPU per
request than uvicorn's pure-Python ``h11`` and asyncio's own loop (docs/benchmarks.md: server
CPU per ticket on ``POST /tickets``). Both are dependencies of the server; where a platform
has no build of one (uvloop on Windows) the server falls back to the pure-Python one and says
so in its log and on its first line at start-up, rather than failing to start. httptools
runs as :class:`~.httptools_protocol.BoundedHttpToolsProtocol` (h11's limit on the size of a
request's head, kept), h11 as :class:`~.h11_protocol.PlainH11Protocol`; both answer what they
refuse in the API's error shape (``protocol_refusals``)."""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)

PROTOCOL = "ticketdesk.server.api.httptools_protocol:BoundedHttpToolsProtocol"
"""Imported by uvicorn only when chosen: its module imports httptools."""
H11_PROTOCOL = "ticketdesk.server.api.h11_protocol:PlainH11Protocol"
_NAMES = {PROTOCOL: "httptools", H11_PROTOCOL: "h11"}


@dataclass(frozen=True)
class Stack:
    http: str
    """uvicorn's ``http=``: the bounded httptools protocol or the h11 one (import strings)."""
    loop: str
    """uvicorn's ``loop=``: ``uvloop`` or ``asyncio``."""

    @property
    def description(self) -> str:
        return f"{_NAMES.get(self.http, self.http)} + {self.loop}"


def _importable(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def choose() -> Stack:
    """httptools and uvloop where they are installed; h11 and asyncio where not (logged)."""
    http = PROTOCOL if _importable("httptools") else H11_PROTOCOL
    loop = "uvloop" if _importable("uvloop") else "asyncio"
    if http == H11_PROTOCOL:
        log.warning("httptools is not installed: serving HTTP with h11 (pure Python, slower)")
    if loop == "asyncio":
        log.warning("uvloop is not installed (or not available here): running on asyncio's "
                    "own event loop (slower)")
    return Stack(http=http, loop=loop)
