"""ClientSession + ClientState against the real server: login, load, live updates, actions."""

from __future__ import annotations

import httpx
import pytest
from pytestqt.qtbot import QtBot

from tests.client.conftest import TIMEOUT_MS, MakeSession
from tests.support import ServerProcess, free_port
from ticketdesk.client.state import ClientSession, EndReason, LoginProblem
from ticketdesk.common.enums import Action, Presence, Status


def _login_failure(qtbot: QtBot, address: str, username: str, password: str):
    session = ClientSession()
    attempt = session.log_in(address, username, password)
    with qtbot.waitSignal(attempt.failed, timeout=TIMEOUT_MS) as blocker:
        pass
    return blocker.args[0]


def test_load_fills_the_cache(qtbot: QtBot, org, make_session: MakeSession) -> None:
    first = org.new_ticket("hl1")
    session = make_session("as1", presence=Presence.AWAY)
    state = session.state
    assert state.me is not None and state.me.username == "as1"
    qtbot.waitUntil(lambda: state.me.presence is Presence.AWAY, timeout=TIMEOUT_MS)
    assert set(state.groups) == set(org.groups.values())
    assert [t.key for t in state.types.values()] == ["refund"]
    assert list(state.tickets) == [first["id"]]
    assert state.allowed_actions(first["id"]) >= {Action.ACCEPT, Action.TRANSFER}


def test_live_ticket_arrives_and_changes(qtbot: QtBot, org, make_session: MakeSession) -> None:
    session = make_session("as1")
    with qtbot.waitSignal(session.state.ticket_added, timeout=TIMEOUT_MS) as added:
        ticket = org.new_ticket("hl1")
    assert added.args == [ticket["id"]]
    with qtbot.waitSignal(
        session.state.ticket_changed,
        timeout=TIMEOUT_MS,
        check_params_cb=lambda tid: tid == ticket["id"],
    ):
        org.as_("as2").ok("POST", f"/tickets/{ticket['id']}/accept")
    cached = session.state.tickets[ticket["id"]]
    assert cached.status is Status.IN_PROGRESS
    assert cached.assignee_id == org.users["as2"]


def test_actions_update_cache_and_timeline(qtbot: QtBot, org, make_session: MakeSession) -> None:
    ticket = org.new_ticket("hl1")
    session = make_session("as1")
    tid = ticket["id"]
    reply = session.open_ticket(tid)
    with qtbot.waitSignal(reply.succeeded, timeout=TIMEOUT_MS):
        pass
    assert [e.kind for e in session.state.timelines[tid].values()] == ["created", "queued"]

    echoed: set[int] = set()
    session.live_event.connect(lambda e: echoed.add(e.id))
    for act in (
        lambda: session.act(tid, Action.ACCEPT),
        lambda: session.comment(tid, "已联系客户"),
        lambda: session.transfer(tid, org.groups["热线"], "需要热线回访"),
    ):
        reply = act()
        with qtbot.waitSignal(reply.succeeded, timeout=TIMEOUT_MS):
            pass
    # The live echo of the same events must not add them twice: wait for the last one as1
    # may still see (the queueing in 热线 is that group's), the transfer.
    transferred = next(i for i, e in session.state.timelines[tid].items()
                       if e.kind == "transferred")
    qtbot.waitUntil(lambda: transferred in echoed, timeout=TIMEOUT_MS)
    kinds = [e.kind for e in session.state.timelines[tid].values()]
    assert kinds == [
        "created",
        "queued",
        "assigned",
        "accepted",
        "commented",
        "transferred",
        "queued",
    ]
    assert session.state.tickets[tid].group_id == org.groups["热线"]
    # as1 is in 售后 only: once transferred away the ticket is still known, but not theirs.
    assert session.state.allowed_actions(tid) == frozenset()


def test_refused_action_reports_the_server_error(
    qtbot: QtBot, org, make_session: MakeSession
) -> None:
    ticket = org.new_ticket("hl1")
    session = make_session("as1")
    reply = session.act(ticket["id"], Action.CLOSE)
    with qtbot.waitSignal(reply.failed, timeout=TIMEOUT_MS) as blocker:
        pass
    assert blocker.args[0].code == "illegal_transition"


def test_wrong_password(qtbot: QtBot, org, server: ServerProcess) -> None:
    failure = _login_failure(qtbot, server.address, "hl1", "wrong-password")
    assert failure.problem is LoginProblem.BAD_CREDENTIALS


def test_unreachable(qtbot: QtBot) -> None:
    failure = _login_failure(qtbot, f"127.0.0.1:{free_port()}", "hl1", "x")
    assert failure.problem is LoginProblem.UNREACHABLE


def test_bad_address(qtbot: QtBot) -> None:
    failure = _login_failure(qtbot, "server:port", "hl1", "x")
    assert failure.problem is LoginProblem.BAD_ADDRESS


def test_version_mismatch(
    qtbot: QtBot, org, server: ServerProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pretend this client was built for API 2; the server speaks 1.
    monkeypatch.setattr("ticketdesk.client.state.login.API_VERSION", "2")
    failure = _login_failure(qtbot, server.address, "hl1", "secret-pass-1")
    assert failure.problem is LoginProblem.VERSION_MISMATCH
    assert failure.detail == "1"


def test_token_revoked_elsewhere_logs_out(
    qtbot: QtBot, org, server: ServerProcess, make_session: MakeSession
) -> None:
    session = make_session("as1")
    httpx.post(
        f"{server.base_url}/api/v1/auth/logout",
        headers={"Authorization": f"Bearer {session.api.token}"},
        timeout=10,
    )
    with qtbot.waitSignal(session.logged_out, timeout=TIMEOUT_MS) as blocker:
        session.live.drop_connection()
    assert blocker.args[0] != EndReason.USER  # the server ended it, not the user
    assert session.state.tickets == {}


def test_membership_change_reloads(qtbot: QtBot, org, make_session: MakeSession) -> None:
    hotline_ticket = org.new_ticket("hl1", group="热线")
    session = make_session("as1")
    assert hotline_ticket["id"] not in session.state.tickets
    with qtbot.waitSignal(session.state.ticket_added, timeout=TIMEOUT_MS):
        org.admin.ok("PUT", f"/groups/{org.groups['热线']}/members/{org.users['as1']}", {})
    assert hotline_ticket["id"] in session.state.tickets
    assert org.groups["热线"] in session.state.my_group_ids


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("logged_out", EndReason.LOGGED_OUT),
        ("password_changed", EndReason.ENDED),
        ("deactivated", EndReason.ENDED),
        ("session_expired", EndReason.EXPIRED),
        ("invalid_token", EndReason.INVALID),
        ("session ended; log in again", EndReason.ENDED),  # a server from before the codes
    ],
)
def test_end_reasons_from_the_servers_codes(code: str, reason: str) -> None:
    from ticketdesk.client.net.api import ApiError

    assert EndReason.from_close_reason(code) == reason
    if " " not in code:
        assert EndReason.from_error(ApiError(401, code, "")) == reason
