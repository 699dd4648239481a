"""The statuses that count against capacity are defined once (issue 10)."""

from __future__ import annotations

import re
from pathlib import Path

from ticketdesk.common.enums import LOAD_STATUSES, OPEN_STATUSES, Status, sql_in

ROOT = Path(__file__).resolve().parents[2]


def test_load_is_what_is_in_an_agents_hands() -> None:
    assert {Status.ASSIGNED, Status.IN_PROGRESS, Status.PENDING} == LOAD_STATUSES
    assert LOAD_STATUSES < OPEN_STATUSES
    assert sql_in(LOAD_STATUSES) == "('assigned', 'in_progress', 'pending')"


def test_no_module_spells_the_capacity_statuses_itself() -> None:
    # Either spelling of the three statuses together, as Python or as SQL text.
    spelled = re.compile(
        # (not the list of every status, which goes on to RESOLVED)
        r"ASSIGNED,\s*Status\.IN_PROGRESS,\s*Status\.PENDING(?!,\s*Status\.RESOLVED)"
        r"|'assigned',\s*'in_progress',\s*'pending'"
    )
    offenders = [
        str(path.relative_to(ROOT))
        for package in ("client", "common", "server")
        for path in (ROOT / package).rglob("*.py")
        # Migrations are history: they keep the text they were written with.
        if "migrations" not in path.parts
        and path != ROOT / "common" / "enums.py"  # the definition
        and spelled.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
