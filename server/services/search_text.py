"""Text search that works for Chinese: words for Latin script, character bigrams for CJK.

PostgreSQL's own parsers do not segment Chinese, and pg_trgm is not available in every
installation (the embedded one lacks it). So documents and queries are tokenized here and
passed to PostgreSQL as ready-made lexemes (a ``tsvector``/``tsquery`` literal), which its
GIN index serves like any full-text search.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Han, Hiragana/Katakana, Hangul: scripts written without spaces between words.
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+", re.UNICODE)
_IS_CJK = re.compile(rf"[{_CJK}]")
_CHUNK_JOINERS = re.compile(r"[\s]+")
MAX_DOCUMENT_TOKENS = 20_000


def _cjk_grams(run: str) -> Iterable[str]:
    yield from run  # single characters, so a one-character query finds something
    for i in range(len(run) - 1):
        yield run[i : i + 2]


def tokens(text: str) -> list[str]:
    """Lexemes of a text: lower-cased words, CJK characters and bigrams, and each
    space-separated chunk with punctuation removed (so 138-0013-8000 finds 13800138000)."""
    out: list[str] = []
    for match in _TOKEN.finditer(text.lower()):
        piece = match.group()
        if _IS_CJK.match(piece):
            out.extend(_cjk_grams(piece))
        else:
            out.append(piece)
    for chunk in _CHUNK_JOINERS.split(text.lower()):
        joined = "".join(m.group() for m in _TOKEN.finditer(chunk) if not _IS_CJK.match(m.group()))
        if joined and joined != chunk and len(joined) > 1:
            out.append(joined)
    return out


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def document(*texts: str) -> str:
    """A ``tsvector`` literal for the given texts (deduplicated, bounded in size)."""
    seen: dict[str, None] = {}
    for text in texts:
        for tok in tokens(text):
            if len(tok) <= 200:
                seen.setdefault(tok)
            if len(seen) >= MAX_DOCUMENT_TOKENS:
                break
    return " ".join(_quote(t) for t in seen)


def query(text: str) -> str | None:
    """A ``tsquery`` literal matching documents that contain every part of ``text``; Latin
    words match as prefixes. None when the text has nothing searchable."""
    parts: list[str] = []
    for match in _TOKEN.finditer(text.lower()):
        piece = match.group()
        if _IS_CJK.match(piece):
            grams = (
                [piece] if len(piece) == 1 else [piece[i : i + 2] for i in range(len(piece) - 1)]
            )
            parts.extend(_quote(g) for g in grams)
        else:
            parts.append(_quote(piece) + ":*")
    if not parts:
        return None
    return " & ".join(dict.fromkeys(parts[:64]))
