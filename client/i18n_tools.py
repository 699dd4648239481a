"""Keep the translations in step with the source.

    python -m ticketdesk.client.i18n_tools update   # lupdate + lrelease (make translations)
    python -m ticketdesk.client.i18n_tools check    # fail on missing, unfinished or stale
    python -m ticketdesk.client.i18n_tools fill zh_CN FILE.json   # translations from a file

English is the source language; ``resources/translations/ticketdesk_zh_CN.ts`` holds the
Simplified Chinese and its compiled ``.qm`` ships next to it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import PySide6

CLIENT_DIR = Path(__file__).resolve().parent
TRANSLATIONS_DIR = CLIENT_DIR.parent / "resources" / "translations"
LANGUAGES = ("zh_CN",)
_PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def ts_path(language: str) -> Path:
    return TRANSLATIONS_DIR / f"ticketdesk_{language}.ts"


def qm_path(language: str) -> Path:
    return TRANSLATIONS_DIR / f"ticketdesk_{language}.qm"


def _tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease from this venv, else PySide6's own, else PATH."""
    candidates = [
        Path(sys.executable).parent / f"pyside6-{name}",
        Path(PySide6.__file__).parent / name,
    ]
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"cannot find {name}; is PySide6 installed?")
    return found


def sources() -> list[Path]:
    return sorted(p for p in CLIENT_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def lupdate(ts: Path) -> None:
    """Bring ``ts`` in line with the strings in the source; keeps existing translations."""
    subprocess.run(
        [
            _tool("lupdate"),
            *map(str, sources()),
            "-ts",
            str(ts),
            "-no-obsolete",
            "-locations",
            "none",
            "-source-language",
            "en",
            "-target-language",
            ts.stem.split("_", 1)[1],
        ],
        check=True,
        capture_output=True,
    )


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([_tool("lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True)


def update() -> None:
    for language in LANGUAGES:
        lupdate(ts_path(language))
        lrelease(ts_path(language), qm_path(language))
        print(f"{ts_path(language)}: {summary(ts_path(language))}")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    translation: str
    unfinished: bool


def messages(ts: Path) -> list[Message]:
    root = ET.parse(ts).getroot()
    result = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type", "") if translation is not None else "unfinished"
            result.append(
                Message(
                    context=name,
                    source=message.findtext("source") or "",
                    translation=(translation.text or "") if translation is not None else "",
                    unfinished=kind in ("unfinished", "vanished", "obsolete"),
                )
            )
    return result


def summary(ts: Path) -> str:
    found = messages(ts)
    todo = sum(1 for m in found if m.unfinished or not m.translation)
    return f"{len(found)} messages, {todo} without a finished translation"


def problems(language: str) -> list[str]:
    """Everything wrong with one language's files, as sentences; empty when all is well."""
    shipped_ts, shipped_qm = ts_path(language), qm_path(language)
    if not shipped_ts.exists():
        return [f"{shipped_ts} is missing; run `make translations`"]
    found: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / shipped_ts.name
        shutil.copy(shipped_ts, fresh)
        lupdate(fresh)
        shipped = {(m.context, m.source) for m in messages(shipped_ts)}
        for message in messages(fresh):
            key = (message.context, message.source)
            if key not in shipped:
                found.append(f"not in the .ts yet: [{message.context}] {message.source!r}")
            elif message.unfinished or not message.translation:
                found.append(f"unfinished: [{message.context}] {message.source!r}")
            elif set(_PLACEHOLDER.findall(message.source)) != set(
                _PLACEHOLDER.findall(message.translation)
            ):
                found.append(
                    f"placeholders differ: [{message.context}] {message.source!r} "
                    f"→ {message.translation!r}"
                )
        stale = {(m.context, m.source) for m in messages(fresh)}
        found += [f"no longer in the source: [{c}] {s!r}" for c, s in sorted(shipped - stale)]
        compiled = Path(tmp) / shipped_qm.name
        lrelease(shipped_ts, compiled)
        if not shipped_qm.exists() or compiled.read_bytes() != shipped_qm.read_bytes():
            found.append(f"{shipped_qm} is stale; run `make translations`")
    return found


def fill(language: str, translations: dict[str, Any]) -> int:
    """Bring the .ts in line with the source, then set translations from a mapping: either
    ``{source: translation}`` (any context) or ``{context: {source: translation}}``. Returns
    how many messages were set. Lets several people translate their own strings in files of
    their own and merge them without editing the XML by hand."""
    ts = ts_path(language)
    lupdate(ts)
    tree = ET.parse(ts)
    count = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        scoped = translations.get(name)
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            value = scoped.get(source) if isinstance(scoped, dict) else None
            if value is None and isinstance(translations.get(source), str):
                value = translations[source]
            if value is None:
                continue
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            translation.text = value
            translation.attrib.pop("type", None)
            count += 1
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    lupdate(ts)  # back to lupdate's own layout, so diffs stay small
    lrelease(ts, qm_path(language))
    return count


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "update"
    if command == "update":
        update()
        return 0
    if command == "fill" and len(args) == 3:
        import json

        count = fill(args[1], json.loads(Path(args[2]).read_text(encoding="utf-8")))
        print(f"{count} translations set; {summary(ts_path(args[1]))}")
        return 0
    if command == "check":
        issues = [p for language in LANGUAGES for p in problems(language)]
        for issue in issues:
            print(issue)
        return 1 if issues else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
