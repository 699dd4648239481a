"""The saved views list against the real server: its changes' late answers, arriving after
the list is gone (the window closed, the person logged out), touch nothing."""

from __future__ import annotations

import shiboken6
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from ticketdesk.client.state.saved_views import SavedViews


def test_answers_after_the_list_is_gone_touch_nothing(
    qtbot: QtBot, org, make_session: MakeSession
) -> None:
    """A create, a rename and a removal on their way when the list is deleted: the server
    does them, the answers are dropped (with lambdas they reloaded through the deleted
    list, whose signal then raised "Signal source has been deleted")."""
    as1 = org.as_("as1")
    kept = as1.ok("POST", "/views", {"name": "旧名"}, status=201)
    gone = as1.ok("POST", "/views", {"name": "删掉"}, status=201)
    views = SavedViews(make_session("as1"), lambda ticket, words: True)
    qtbot.waitUntil(lambda: len(views.views) == 2, timeout=TIMEOUT_MS)
    replies = [views.create({"name": "新的"}), views.update(kept["id"], {"name": "新名"}),
               views.delete(gone["id"])]
    shiboken6.delete(views)
    with qtbot.waitSignals([r.finished for r in replies], timeout=TIMEOUT_MS):
        pass
    assert sorted(v["name"] for v in as1.ok("GET", "/views")) == ["新名", "新的"]
