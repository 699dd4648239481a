"""The dispatch board: its model against an oracle under random live streams, and the
board mode of a supervisor's main window against the real server."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from ticketdesk.client.models.board import BoardColumn, BoardGroupsModel, BoardRole
from ticketdesk.client.state.cache import ClientState
from ticketdesk.client.views.board import BoardView
from ticketdesk.client.views.main_window import MainWindow
from ticketdesk.common.enums import Presence, Priority, Role, Status
from ticketdesk.common.models import GroupPublic, TicketPublic, UserPublic, WorkingHours

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
GROUPS = [3, 5, 8]


def _group(gid: int) -> GroupPublic:
    return GroupPublic(
        id=gid, name=f"组{gid}", description="", working_hours=WorkingHours.always(),
        accept_timeout_seconds=60, default_capacity=3, active=True,
    )


def _user(uid: int, groups: list[int], presence: Presence) -> UserPublic:
    return UserPublic(
        id=uid, username=f"u{uid}", display_name=f"客服{uid}", role=Role.AGENT, active=True,
        presence=presence, group_ids=groups,
    )


def _ticket(tid: int, version: int, rng: random.Random) -> TicketPublic:
    status = rng.choice(list(Status))
    return TicketPublic(
        id=tid, type_id=1, type_key="k", title=f"t{tid}", body="", fields={},
        group_id=rng.choice([*GROUPS, 99]), priority=rng.choice(list(Priority)), status=status,
        assignee_id=None, order_no=None, created_by_id=None, created_by_name="x",
        created_at=T0 + timedelta(minutes=rng.randrange(600)), updated_at=T0, version=version,
    )


def _oracle(state: ClientState, gid: int) -> list[str]:
    """What a supervisor should read, counted the plain way."""
    mine = [t for t in state.tickets.values() if t.group_id == gid]
    waiting = [t for t in mine if t.status in (Status.QUEUED, Status.HELD)]
    people = [u for u in state.users.values() if gid in u.group_ids and u.active]
    online = [u for u in people if u.presence is Presence.ONLINE]
    return [
        f"组{gid}",
        str(len(waiting)),
        str(sum(t.priority is Priority.URGENT for t in waiting)),
        str(sum(t.status is Status.ASSIGNED for t in mine)),
        str(sum(t.status is Status.IN_PROGRESS for t in mine)),
        str(sum(t.status is Status.PENDING for t in mine)),
        f"{len(online)} / {len(people)}",
    ]


def _shown(model: BoardGroupsModel, row: int) -> list[str]:
    columns = [c for c in BoardColumn if c is not BoardColumn.LONGEST_WAIT]
    return [model.index(row, c).data() for c in columns]


def test_board_model_matches_an_oracle_under_random_streams(qtbot: QtBot, qtmodeltester) -> None:
    for seed in range(5):
        rng = random.Random(seed)
        state = ClientState()
        state.set_groups([_group(g) for g in GROUPS])
        me = UserPublic(
            id=1, username="sup", display_name="主管", role=Role.SUPERVISOR, active=True,
            presence=Presence.ONLINE, overseen_group_ids=[8],
        )
        state.set_me(me)
        state.set_users([me, *(_user(u, rng.sample(GROUPS, 2), Presence.OFFLINE)
                               for u in range(10, 20))])
        model = BoardGroupsModel(state, lambda: T0 + timedelta(hours=12))
        qtmodeltester.check(model, force_py=True)
        assert model.group_id(0) == 8  # the overseen group first
        assert model.index(0, 0).data(BoardRole.OVERSEEN) is True
        versions: dict[int, int] = {}
        for _ in range(300):
            step = rng.random()
            if step < 0.7:
                tid = rng.randrange(1, 60)
                versions[tid] = versions.get(tid, 0) + rng.choice([1, 1, 1, -1])  # some stale
                with state.batch():
                    state.upsert_ticket(_ticket(tid, versions[tid], rng))
            elif step < 0.8 and state.tickets:
                tid = rng.choice(list(state.tickets))
                state.replace_tickets([t for t in state.tickets.values() if t.id != tid])
            else:
                state.set_presence(rng.randrange(10, 20), rng.choice(list(Presence)))
            if rng.random() < 0.2:
                model.recount()
                for row in range(model.rowCount()):
                    assert _shown(model, row) == _oracle(state, model.group_id(row)), seed
        qtbot.waitUntil(
            lambda m=model, s=state: all(
                _shown(m, r) == _oracle(s, m.group_id(r)) for r in range(m.rowCount())
            ),
            timeout=TIMEOUT_MS,
        )  # by itself, without recount(): the coalescing timer catches up
        qtmodeltester.check(model, force_py=True)


def test_a_supervisor_watches_the_board_live(
    qtbot: QtBot, org, make_session: MakeSession, settings: QSettings
) -> None:
    org.admin.ok("PUT", f"/groups/{org.groups['售后']}/supervisors/{org.users['sup']}")
    window = MainWindow(make_session("sup"), settings)
    qtbot.addWidget(window)
    window.show()
    assert window.modes.modes()[:2] == ["inbox", "board"]  # other modes follow
    assert window.modes.toolbar.isVisible()
    board = window.modes.show_mode("board")
    assert isinstance(board, BoardView)
    model = board.model
    row = model.row_of(org.groups["售后"])
    assert row == 0 and model.index(row, BoardColumn.WAITING).data() == "0"
    org.new_ticket("hl1", title="退款进度")
    org.new_ticket("hl1", title="换货")
    qtbot.waitUntil(
        lambda: model.index(model.row_of(org.groups["售后"]), BoardColumn.WAITING).data() == "2",
        timeout=TIMEOUT_MS,
    )
    assert "2 tickets waiting" in board.summary.text()
    board.filter_edit.setText("热")
    assert board.proxy.rowCount() == 1
    board.filter_edit.clear()
    board.only_mine.setChecked(True)
    assert board.proxy.rowCount() == 1
    assert board.proxy.index(0, 0).data() == "售后"


def test_an_agent_has_only_the_inbox(qtbot: QtBot, org, make_session, settings) -> None:
    window = MainWindow(make_session("as1"), settings)
    qtbot.addWidget(window)
    window.show()
    assert window.modes.modes() == ["inbox"]
    assert not window.modes.toolbar.isVisible()
