"""`PaletteModel` on a cache filled by hand: what an agent may type into the palette."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.client.models.test_inbox import _state
from ticketdesk.client.models.palette import EntryKind, PaletteModel


def test_digits_that_are_not_numbers_find_titles_instead_of_failing(
    qtbot: QtBot, qtmodeltester
) -> None:
    state, _rng = _state(12)
    model = PaletteModel(state, lambda: [])
    for typed in ("²", "#①", "1²"):  # str.isdigit() says yes, int() says no
        model.set_query(typed)
        assert all(model.entry(r).kind is EntryKind.TICKET for r in range(model.rowCount()))
    model.set_query("１２")  # full-width digits from a Chinese input method are a number
    assert model.entry(0).ticket_id == 12
    qtmodeltester.check(model)
