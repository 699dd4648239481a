"""Keep secrets out of the logs, whatever the log level: bearer tokens in headers (the
WebSocket handshake is logged in full at debug level) and passwords in bodies."""

from __future__ import annotations

import logging
import re

_PATTERNS = [
    (re.compile(r"(?i)(authorization:?\s*(?:bearer|basic)\s+)[^\s'\",]+"), r"\1[redacted]"),
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9_\-.~+/]{16,}=*"), r"\1[redacted]"),
    (re.compile(r"(?i)(\"?(?:password|token)\"?\s*[:=]\s*\"?)[^\"\s,}]+"), r"\1[redacted]"),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True

