"""`InboxModel`, the rows of one inbox tab, on a cache filled by hand: every list it shows is
compared with the same list worked out from scratch (membership as each tab defines it, the
order of the source's sort values), through live changes, sorting, the quick filter and
large batches; never a reset, and row by row while changes are few."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from ticketdesk.client.models import Column, Inbox, InboxModel, TicketRole, TicketTableModel
from ticketdesk.client.models.inbox import BULK_MIN
from ticketdesk.client.state import ClientState
from ticketdesk.common.enums import OPEN_STATUSES, Priority, Status
from ticketdesk.common.models import GroupPublic, TicketPublic, TicketTypePublic, UserPublic

ME = 7
MY_GROUPS = (1, 2)
AGENTS = (7, 8, 9)
NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
WAITING = {Status.QUEUED, Status.HELD}


def _user(user_id: int, name: str, role: str = "agent", groups: tuple[int, ...] = (1,)) -> Any:
    return UserPublic.model_validate(
        {"id": user_id, "username": f"u{user_id}", "display_name": name, "role": role,
         "active": True, "presence": "online", "group_ids": list(groups)}
    )


def _ticket(ticket_id: int, rng: random.Random, **changes: object) -> TicketPublic:
    created = NOW - timedelta(minutes=rng.choice([1, 5, 60, 600]))  # equal ages happen
    values: dict[str, Any] = {
        "id": ticket_id, "type_id": rng.choice([1, 2]), "type_key": "misc",
        "title": rng.choice(["退款", "物流查询", "Invoice", "发票", "投诉"]) + f" {ticket_id}",
        "body": "", "fields": {"order": f"TD{ticket_id:04d}"},
        "group_id": rng.choice([1, 2, 3]), "priority": rng.choice(list(Priority)),
        "status": rng.choice(list(Status)),
        "assignee_id": rng.choice([None, *AGENTS]), "order_no": None,
        "created_by_id": rng.choice([ME, 8]), "created_by_name": "HL1",
        "created_at": created, "updated_at": NOW, "version": 1,
    }
    values.update(changes)
    return TicketPublic.model_validate(values)


def _state(count: int, seed: int = 1) -> tuple[ClientState, random.Random]:
    rng = random.Random(seed)
    state = ClientState()
    state.set_users(
        [_user(ME, "赵敏", "supervisor", MY_GROUPS), _user(8, "Bo"), _user(9, "阿强")]
    )
    state.set_me(_user(ME, "赵敏", "supervisor", MY_GROUPS))
    state.set_groups(
        GroupPublic.model_validate(
            {"id": g, "name": name, "description": "", "accept_timeout_seconds": 120,
             "default_capacity": 5, "active": True,
             "working_hours": {"timezone": "UTC", "weekly": {}, "holidays": []}}
        )
        for g, name in ((1, "售后"), (2, "热线"), (3, "Billing"))
    )
    state.set_types(
        TicketTypePublic.model_validate(
            {"id": t, "key": f"t{t}", "name": name, "description": "", "fields": [],
             "body_template": "", "default_group_id": 1, "default_priority": "normal",
             "sla_first_response_minutes": None, "sla_resolution_minutes": None,
             "active": True}
        )
        for t, name in ((1, "退款"), (2, "咨询"))
    )
    with state.batch():
        for n in range(1, count + 1):
            state.upsert_ticket(_ticket(n, rng))
    return state, rng


def _belongs(ticket: TicketPublic, inbox: Inbox, all_open: bool) -> bool:
    """Each tab's definition, as users read it."""
    if ticket.status not in OPEN_STATUSES:
        return False
    match inbox:
        case Inbox.MINE:
            return ticket.assignee_id == ME
        case Inbox.QUEUES:
            return ticket.group_id in MY_GROUPS and (all_open or ticket.status in WAITING)
        case Inbox.CREATED:
            return ticket.created_by_id == ME
        case Inbox.ALL:
            return True


def _expected(
    source: TicketTableModel,
    inbox: Inbox,
    *,
    all_open: bool = False,
    text: str = "",
    column: int = Column.PRIORITY,
    descending: bool = True,
) -> list[int]:
    """The list from scratch: members, with every word of the text in their number, title,
    order number, names or field values, ordered by the source's sort value of the column
    (ties: the lower number first, either way)."""
    words = text.casefold().split()
    rows = []
    for ticket in source.state.tickets.values():
        if not _belongs(ticket, inbox, all_open):
            continue
        row = source.row_of(ticket.id)
        names = [source.index(row, c).data() for c in (Column.TYPE, Column.GROUP, Column.ASSIGNEE)]
        searched = " ".join(
            [f"#{ticket.id}", ticket.title, ticket.order_no or "", *names,
             ticket.created_by_name, *(str(v) for v in ticket.fields.values())]
        ).casefold()
        if all(word in searched for word in words):
            rows.append((source.index(row, column).data(TicketRole.SORT), ticket.id))
    rows.sort(key=lambda r: r[1])
    rows.sort(key=lambda r: r[0], reverse=descending)  # stable: ties stay by number
    return [ticket_id for _key, ticket_id in rows]


def _rows(model: InboxModel) -> list[int]:
    ids = [model.ticket_id(r) for r in range(model.rowCount())]
    assert ids == [model.index(r, 0).data(TicketRole.TICKET_ID) for r in range(len(ids))]
    assert all(model.row_of(t) == r for r, t in enumerate(ids))
    return ids  # type: ignore[return-value]


class Signals:
    """Counts what a model announced."""

    def __init__(self, model: InboxModel) -> None:
        self.counts: Counter[str] = Counter()
        for name in ("modelReset", "layoutChanged", "rowsInserted", "rowsRemoved", "rowsMoved"):
            getattr(model, name).connect(lambda *_args, n=name: self.counts.update([n]))


def _live_step(state: ClientState, rng: random.Random, next_id: int) -> int:
    """A few live events in one batch: new tickets, and changes that move tickets within,
    into and out of the lists."""
    with state.batch():
        for _ in range(rng.randint(1, 4)):
            if rng.random() < 0.25:
                state.upsert_ticket(_ticket(next_id, rng))
                next_id += 1
                continue
            old = state.tickets[rng.choice(list(state.tickets))]
            change = rng.choice(["priority", "status", "assignee_id", "group_id", "title"])
            value = {
                "priority": lambda: rng.choice(list(Priority)),
                "status": lambda: rng.choice(list(Status)),
                "assignee_id": lambda: rng.choice([None, *AGENTS]),
                "group_id": lambda: rng.choice([1, 2, 3]),
                "title": lambda: rng.choice(["退款加急", "Invoice again", "物流"]),
            }[change]()
            later = old.updated_at + timedelta(seconds=1)
            state.upsert_ticket(old.model_copy(update={change: value, "updated_at": later,
                                                       "version": old.version + 1}))
    return next_id


@pytest.mark.parametrize("inbox", list(Inbox))
def test_live_changes_place_rows_one_by_one(qapp, qtmodeltester, inbox: Inbox) -> None:
    state, rng = _state(40, seed=list(Inbox).index(inbox) + 1)
    source = TicketTableModel(state)
    model = InboxModel(source.presenter, inbox)
    qtmodeltester.check(model, force_py=True)
    signals = Signals(model)
    assert _rows(model) == _expected(source, inbox)
    next_id = 41
    for _ in range(60):
        next_id = _live_step(state, rng, next_id)
        assert _rows(model) == _expected(source, inbox)
    assert signals.counts["modelReset"] == signals.counts["layoutChanged"] == 0
    assert signals.counts["rowsMoved"] > 0 or inbox is Inbox.MINE


def test_click_to_sort_every_column_keeps_the_selection(qtbot: QtBot, qtmodeltester) -> None:
    state, rng = _state(60)
    source = TicketTableModel(state)
    model = InboxModel(source.presenter, Inbox.ALL)
    qtmodeltester.check(model, force_py=True)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.horizontalHeader().setSortIndicator(Column.PRIORITY, Qt.SortOrder.DescendingOrder)
    view.setSortingEnabled(True)
    chosen = model.ticket_id(model.rowCount() // 2)
    assert chosen is not None
    view.selectRow(model.row_of(chosen))
    for column in Column:
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            view.sortByColumn(column, order)
            descending = order == Qt.SortOrder.DescendingOrder
            assert _rows(model) == _expected(
                source, Inbox.ALL, column=column, descending=descending
            ), (column, order)
            assert model.ticket_id(view.currentIndex().row()) == chosen
            assert view.selectionModel().isRowSelected(model.row_of(chosen), QModelIndex())
    # Live changes keep to the order chosen last.
    view.sortByColumn(Column.ASSIGNEE, Qt.SortOrder.AscendingOrder)
    next_id = 61
    for _ in range(20):
        next_id = _live_step(state, rng, next_id)
        expected = _expected(source, Inbox.ALL, column=Column.ASSIGNEE, descending=False)
        assert _rows(model) == expected
    # A name changes: the rows it sorts are placed anew.
    users = list(state.users.values())
    state.set_users([u.model_copy(update={"display_name": "Zed"}) if u.id == 8 else u
                     for u in users])
    assert _rows(model) == _expected(source, Inbox.ALL, column=Column.ASSIGNEE,
                                     descending=False)


def test_quick_filter_and_all_open_follow_live_changes(qapp, qtmodeltester) -> None:
    state, rng = _state(80, seed=5)
    source = TicketTableModel(state)
    model = InboxModel(source.presenter, Inbox.QUEUES)
    qtmodeltester.check(model, force_py=True)
    model.set_text("退款")
    assert _rows(model) == _expected(source, Inbox.QUEUES, text="退款")
    model.set_all_open(True)
    assert _rows(model) == _expected(source, Inbox.QUEUES, text="退款", all_open=True)
    next_id = 81
    for _ in range(40):
        next_id = _live_step(state, rng, next_id)
        assert _rows(model) == _expected(source, Inbox.QUEUES, text="退款", all_open=True)
    for text in ("  ", "td00", "售后 invoice", "阿强", "#1"):  # names and field values too
        model.set_text(text)
        assert _rows(model) == _expected(source, Inbox.QUEUES, text=text, all_open=True)
    model.set_all_open(False)
    next_id = _live_step(state, rng, next_id)
    assert _rows(model) == _expected(source, Inbox.QUEUES, text="#1")


def test_a_large_batch_is_one_step(qtbot: QtBot, qtmodeltester) -> None:
    """A load, a reload that changes many tickets, logging out: one insertion, one layout
    change, one removal; the selection stays on a ticket still listed."""
    state, rng = _state(0)
    source = TicketTableModel(state)
    model = InboxModel(source.presenter, Inbox.ALL)
    qtmodeltester.check(model, force_py=True)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    signals = Signals(model)
    loaded = [_ticket(n, rng, status=Status.QUEUED) for n in range(1, 3 * BULK_MIN)]
    state.replace_tickets(loaded)
    assert _rows(model) == _expected(source, Inbox.ALL)
    assert signals.counts == {"rowsInserted": 1}

    kept = model.ticket_id(5)
    assert kept is not None
    view.selectRow(5)
    reloaded = [
        t if t.id == kept or n % 3 == 0
        else _ticket(t.id, rng, status=Status.IN_PROGRESS, updated_at=NOW + timedelta(hours=1),
                     version=t.version + 1)
        for n, t in enumerate(loaded)
    ]
    state.replace_tickets(reloaded)
    assert _rows(model) == _expected(source, Inbox.ALL)
    assert signals.counts == {"rowsInserted": 1, "layoutChanged": 1}
    assert model.ticket_id(view.currentIndex().row()) == kept

    state.clear()
    assert model.rowCount() == 0
    assert signals.counts == {"rowsInserted": 1, "layoutChanged": 1, "rowsRemoved": 1}


def test_cells_repaint_in_their_own_row(qapp) -> None:
    """A change that keeps a ticket in its place repaints that row, and only here where the
    ticket is shown; the source's column-wide repaints (ages) reach every row."""
    state, _rng = _state(30, seed=3)
    source = TicketTableModel(state)
    model = InboxModel(source.presenter, Inbox.ALL)
    painted: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda tl, br, _roles=(): painted.append((tl.row(), br.row())))
    ticket_id = model.ticket_id(3)
    assert ticket_id is not None
    ticket = state.tickets[ticket_id]
    state.upsert_ticket(
        ticket.model_copy(update={"title": "改了标题", "updated_at": ticket.updated_at
                                  + timedelta(seconds=1), "version": ticket.version + 1})
    )
    assert painted == [(3, 3)]
    assert model.index(3, Column.TITLE).data() == "改了标题"
    hidden = next(t for t in state.tickets.values() if t.status not in OPEN_STATUSES)
    painted.clear()
    state.upsert_ticket(
        hidden.model_copy(update={"title": "x", "updated_at": hidden.updated_at
                                  + timedelta(seconds=1), "version": hidden.version + 1})
    )
    assert painted == []
    source.presenter._on_age_tick()
    assert painted == [(0, model.rowCount() - 1)]
