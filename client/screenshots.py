"""Screenshots of the real client against a real demo server, in Chinese and English.

    QT_QPA_PLATFORM=offscreen python -m ticketdesk.client.screenshots docs/screenshots

Starts ``ticketdesk-server run --demo`` on a free loopback port with its own temporary
embedded database, adds a few tickets through the API so the lists look like a working
morning, then logs in as the agent li.na and saves PNGs of the login window, the inbox, a
ticket's detail and the new-ticket form; then as the supervisor zhao.min the transfer dialog
with its routing hints and the wallboard (and, as others, the administration screens); as
after-sales' supervisor sun.li the dispatch board, a drag in progress and the capacity question.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

AGENT = "li.na"
PASSWORD = "demo1234"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def demo_server(history_days: int = 0) -> Iterator[str]:
    """A demo server on a temporary database; yields its ``host:port``. ``history_days``:
    past working days played into the record first (``ticketdesk-server demo-history``)."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="td-shots-") as data_dir:
        os.chmod(data_dir, 0o755)  # the embedded PostgreSQL may run as another user
        log = Path(data_dir) / "server.log"
        env = {**os.environ, "TICKETDESK_PASSWORD_PROFILE": "fast",
               # The webhooks screen stages its receivers on loopback, with a retry budget
               # of seconds so a dead letter is there to be shown.
               "TICKETDESK_WEBHOOK_ALLOWED_NETWORKS": '["127.0.0.0/8"]',
               "TICKETDESK_WEBHOOK_RETRY_BASE_SECONDS": "0.2",
               "TICKETDESK_WEBHOOK_RETRY_MAX_SECONDS": "0.5",
               "TICKETDESK_WEBHOOK_RETRY_BUDGET_SECONDS": "2"}
        if history_days:
            # Before the server starts: its engine must not act on half-played days.
            subprocess.run(
                [sys.executable, "-m", "ticketdesk.server", "demo-history", "--days",
                 str(history_days), "--data-dir", str(Path(data_dir) / "data")],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True,
                timeout=900,
            )
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "ticketdesk.server",
                    "run",
                    "--demo",
                    "--data-dir",
                    str(Path(data_dir) / "data"),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--no-discovery",
                    "--log-level",
                    "warning",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
            )
        try:
            _wait_healthy(f"http://127.0.0.1:{port}", proc, log)
            yield f"127.0.0.1:{port}"
        finally:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def _wait_healthy(base: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the demo server exited:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the demo server did not come up:\n{log.read_text(errors='replace')}")


class StagingApi:
    """Plain HTTP as one demo user, only to stage tickets before the client starts."""

    def __init__(self, address: str, username: str) -> None:
        self.base = f"http://{address}/api/v1"
        self.token = ""
        self.token = self.call("POST", "/auth/login", {"username": username, "password": PASSWORD})[
            "token"
        ]

    def call(self, method: str, path: str, body: Any = None) -> Any:
        request = urllib.request.Request(
            self.base + path,
            method=method,
            data=json.dumps(body if body is not None else {}).encode(),
            headers={
                "Content-Type": "application/json",
                **({"Authorization": f"Bearer {self.token}"} if self.token else {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"{method} {path}: {exc.code} {exc.read()!r}") from exc
        return json.loads(raw) if raw else None


ALWAYS_OPEN = {
    "timezone": "Asia/Shanghai",
    "weekly": {
        day: [{"start": "00:00", "end": "24:00"}]
        for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    },
}
"""Working hours for the staged groups, so that the pictures do not depend on the hour they
are taken at (outside a group's hours its tickets would be held, not offered)."""


def _wait_for(api: StagingApi, ticket_id: int, check: Callable[[dict[str, Any]], bool]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if check(api.call("GET", f"/tickets/{ticket_id}")):
            return
        time.sleep(0.1)
    raise RuntimeError(f"ticket #{ticket_id} did not get where the staging expected")


def stage(address: str) -> int:
    """A morning's worth of tickets around li.na; returns the ticket with the richest record.

    Its record shows the engine at work: offered to the one complaints agent online (the
    least loaded), transferred to after-sales and offered there to the owner of its order."""
    admin = StagingApi(address, "admin")
    for group in admin.call("GET", "/groups"):
        if group["name"] in ("热线客服", "投诉处理", "售后服务"):
            admin.call("PATCH", f"/groups/{group['id']}", {"working_hours": ALWAYS_OPEN})
    zhang, wang, li = (StagingApi(address, u) for u in ("zhang.wei", "wang.fang", AGENT))
    zhou, huang = StagingApi(address, "zhou.jie"), StagingApi(address, "huang.min")
    for agent in (zhou, huang):
        agent.call("PUT", "/me/presence", {"presence": "online"})
    callbacks = [
        ("客户咨询会员积分兑换规则，请回电", "订单查询", "normal"),
        ("客户投诉快递员未送货上门，要求尽快回电", "物流查询", "urgent"),
        ("发票抬头开错，需要重开", "发票", "high"),
        ("客户想了解以旧换新活动", "其他", "low"),
    ]
    for title, topic, priority in callbacks:
        wang.call(
            "POST",
            "/tickets",
            {
                "type": "callback",
                "title": title,
                "priority": priority,
                "fields": {"customer_phone": "137 1234 5678", "topic": topic},
            },
        )
    rich = li.call(
        "POST",
        "/tickets",
        {
            "type": "complaint",
            "title": "冰箱送货延误三天，客户要求赔偿",
            "fields": {
                "customer_name": "刘女士",
                "customer_phone": "+86 139 0000 1111",
                "order_no": "TD2026112003072",
                "severity": "严重",
                "channel": "热线",
            },
            "body": "投诉经过：约定 11 月 20 日送货，至今未送达，客服电话多次占线\n"
            "客户期望：尽快送货并赔偿\n已做安抚：已致歉并登记加急",
        },
    )["id"]
    _wait_for(li, rich, lambda t: t["status"] == "assigned")
    zhou.call("POST", f"/tickets/{rich}/accept")
    zhou.call(
        "POST",
        f"/tickets/{rich}/comments",
        {"body": "已联系物流，确认是仓库漏发。赔偿需售后审批。"},
    )
    zhou.call(
        "POST",
        f"/tickets/{rich}/transfer",
        {"group": "售后服务", "note": "请售后按延误赔偿标准审批 100 元补偿，并安排今天补发。"},
    )
    _wait_for(li, rich, lambda t: t["status"] == "assigned")
    huang.call("POST", f"/tickets/{rich}/accept")
    huang.call("POST", f"/tickets/{rich}/comments", {"body": "补偿已审批，冰箱今天下午补发。"})
    zhang.call(
        "POST",
        "/tickets",
        {
            "type": "callback",
            "title": "客户询问安装师傅上门时间",
            "fields": {
                "customer_phone": "186 5555 6666",
                "topic": "其他",
                "best_time": "晚上 7 点后",
            },
        },
    )
    return rich


def run(out_dir: Path, only: set[str] | None = None) -> list[Path]:
    """Every screen, or ``only`` those of the named shooters (``board``, ``supervisor``…:
    the ``_shoot_…`` functions' names), e.g. to refresh one set without the others."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from . import i18n
    from .app import setup_application

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setOrganizationName("TicketDesk")
    app.setApplicationName("TicketDesk Screenshots")
    out_dir.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    translators = i18n.Translators()
    for language in ("zh_CN", "en"):
        # A server of its own per language: both sets tell the same story, with the same
        # ticket numbers, and neither shows the traces of the other's session.
        with demo_server() as address, tempfile.TemporaryDirectory() as settings_dir:
            rich = stage(address)
            settings = QSettings(
                str(Path(settings_dir) / f"{language}.ini"), QSettings.Format.IniFormat
            )
            setup_application(app, language, translators)
            saved += _shoot(address, rich, language, settings, out_dir)
            if only is None or "supervisor" in only:
                saved += _shoot_supervisor(address, rich, language, settings, out_dir)
            if only is None or "audit" in only:
                saved += _shoot_audit(address, language, settings, out_dir)
            if only is None or "admin_users" in only:
                saved += _shoot_admin_users(address, language, out_dir)
            if only is None or "hours_editor" in only:
                saved += _shoot_hours_editor(address, language, out_dir)
            if only is None or "type_editor" in only:
                saved += _shoot_type_editor(address, language, out_dir)
            if only is None or "api_keys" in only:
                saved += _shoot_api_keys(address, language, out_dir)
            if only is None or "webhooks" in only:
                saved += _shoot_webhooks(address, language, out_dir)
            if only is None or "board" in only:
                saved += _shoot_board(address, language, settings, out_dir)
            if only is None or "keyboard" in only:
                saved += _shoot_keyboard(address, language, settings, out_dir)
            if only is None or "notify_settings" in only:
                saved += _shoot_notify_settings(language, settings, out_dir)
            if only is None or "quick_replies" in only:
                saved += _shoot_quick_replies(address, language, out_dir)
            if only is None or "attachment" in only:
                saved += _shoot_attachment(address, rich, language, out_dir)
            # Last: it gives a type a policy, which would replan the other screens' tickets.
            if only is None or "type_sla" in only:
                saved += _shoot_type_sla(address, language, out_dir)
        # The dashboard on a server of its own, with days of record behind it (the other
        # screens show a demo's first morning). Last week, whichever day this is.
        if only is not None and "dashboard" not in only:
            continue
        with demo_server(history_days=date.today().weekday() + 8) as address:
            saved += _shoot_dashboard(address, language, out_dir)
    return saved


def _spin(ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _wait_until(condition: Callable[[], bool], what: str, timeout_s: float = 20) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        _spin(50)


def _shoot(address: str, rich: int, language: str, settings: Any, out_dir: Path) -> list[Path]:
    from PySide6.QtWidgets import QWidget

    from ticketdesk.common.enums import Presence

    from .models.inbox import Inbox
    from .models.tickets import TicketRole
    from .state import ClientSession
    from .views.login import LoginWindow
    from .views.main_window import MainWindow

    saved: list[Path] = []

    def grab(widget: QWidget, name: str) -> None:
        _spin(300)  # let layouts and repaints settle
        path = out_dir / f"{name}_{language}.png"
        if not widget.grab().save(str(path)):
            raise RuntimeError(f"could not write {path}")
        saved.append(path)

    session = ClientSession()
    login = LoginWindow(session, settings, server=address, username=AGENT)
    login.show()
    grab(login, "login")

    login.password_edit.setText("wrong-password")
    login.login_button.click()
    _wait_until(lambda: login.message.isVisible(), "the wrong-password message")
    grab(login, "login_error")

    login.password_edit.setText(PASSWORD)
    login.login_button.click()
    _wait_until(lambda: session.logged_in, "logging in")
    session.start(Presence.ONLINE)
    window = MainWindow(session, settings, use_tray=False)
    window.resize(1440, 860)
    window.splitter.setSizes([780, 660])
    window.show()
    login.hide()
    _wait_until(lambda: not session.loading and session.state.tickets, "the first load")
    # Now that li.na is online, the engine offers her the hotline's waiting tickets.
    mine = window.inbox.pages[Inbox.MINE]
    _wait_until(lambda: window.inbox.model.countdowns >= 3, "offers to li.na")
    _spin(1500)
    window.inbox.show_inbox(Inbox.MINE)
    offers = [
        row
        for row in range(mine.model.rowCount())
        if mine.model.index(row, 0).data(TicketRole.ACCEPT_SECONDS) is not None
    ]
    mine.table.selectRow(offers[0])
    _wait_until(
        lambda: (
            window.detail.countdown_label.isVisible()
            and window.detail.timeline_model.rowCount() >= 3
        ),
        "an offer's record",
    )
    grab(window, "inbox")

    # A saved view of the urgent work, its count beside it, in the dark theme.
    from .appearance import Theme

    views = window.saved_views
    views.create({"name": "加急待办", "filter": {"priority": ["urgent", "high"]},
                  "sort_column": "age", "columns": ["number", "title", "group", "status",
                                                    "priority", "age", "sla"]})
    _wait_until(lambda: len(views.views) == 1, "the saved view")
    assert window.inbox.views_bar is not None
    window.inbox.views_bar.choose(views.views[0].id)
    window.appearance.set_theme(Theme.DARK)
    grab(window, "inbox_dark")
    window.appearance.set_theme(Theme.LIGHT)
    grab(window, "inbox_light")
    window.inbox.views_bar.choose(None)

    window.inbox.show_inbox(Inbox.CREATED)
    window.inbox.select_ticket(rich)
    _wait_until(
        lambda: window.detail.ticket_id == rich and window.detail.timeline_model.rowCount() >= 8,
        "the staged record",
    )
    _spin(300)
    # From the record's heading down: both of the engine's choices, and what came of them.
    bar = window.detail.scroll.verticalScrollBar()
    bar.setValue(min(bar.maximum(), window.detail.timeline.y() - 36))
    grab(window, "ticket")

    dialog = window.open_new_ticket()
    dialog.select_type("refund_request")
    dialog.title_edit.setText("客户收到的茶具有裂纹，要求退款")
    dialog.editor("order_no").set_value("TD2026110300456")
    dialog.editor("amount").set_value("abc")
    dialog.editor("customer_phone").set_value("138 0013 8000")
    # Beside the group: its figures and whom the engine would choose for this order.
    _wait_until(
        lambda: dialog.hints.hints is not None
        and dialog.hints.hints.order_no == "TD2026110300456"
        and not dialog.hints.loading,
        "the routing hints for the order",
    )
    dialog.create_button.click()  # refused inline: the amount is not a number, no reason
    grab(dialog, "new_ticket")
    dialog.reject()

    reply = session.log_out()
    if reply is not None:
        _wait_until(lambda: reply.done, "logging out", 10)
    window.close()
    window.deleteLater()
    login.deleteLater()
    _spin(100)
    return saved


def _shoot_supervisor(
    address: str, rich: int, language: str, settings: Any, out_dir: Path
) -> list[Path]:
    """The supervisor's transfer dialog on the staged complaint, with the routing hints (its
    order's owner in after-sales, the complaints agent who handled it before), and the
    wallboard at 1920×1080."""
    from .state import ClientSession
    from .views.transfer import TransferDialog
    from .views.wallboard import Wallboard

    saved: list[Path] = []
    session = ClientSession()
    attempt = session.log_in(address, "zhao.min", PASSWORD)
    _wait_until(lambda: session.logged_in, "the supervisor logging in")
    del attempt
    session.start(None)
    _wait_until(lambda: session.has_loaded and rich in session.state.tickets, "the first load")

    def save(widget: Any, name: str) -> None:
        _spin(300)
        path = out_dir / f"{name}_{language}.png"
        if not widget.grab().save(str(path)):
            raise RuntimeError(f"could not write {path}")
        saved.append(path)

    dialog = TransferDialog(session, rich)
    dialog.show()
    _wait_until(lambda: dialog.hints.hints is not None, "the routing hints")
    complaints = next(g.id for g in session.state.groups.values() if g.name == "投诉处理")
    dialog.select_group(complaints)
    dialog.note_edit.setPlainText("客户再次来电投诉补发延误，请投诉组跟进。")
    save(dialog, "transfer")
    dialog.reject()
    dialog.deleteLater()

    board = Wallboard(session)
    board.resize(1920, 1080)
    board.show()
    _wait_until(lambda: bool(board.today.rows), "today's counts")
    save(board, "wallboard")
    board.close()
    board.deleteLater()

    reply = session.log_out()
    if reply is not None:
        _wait_until(lambda: reply.done, "logging out", 10)
    _spin(100)
    return saved


def _stage_admin_changes(address: str) -> None:
    """What an admin did this morning: after-sales opens earlier, a member's capacity."""
    admin = StagingApi(address, "admin")
    groups = {g["name"]: g for g in admin.call("GET", "/groups")}
    users = {u["username"]: u for u in admin.call("GET", "/users")}
    after_sales = groups["售后服务"]["id"]
    weekdays = {
        d: [{"start": "08:30", "end": "12:00"}, {"start": "13:00", "end": "18:00"}]
        for d in ("mon", "tue", "wed", "thu", "fri")
    }
    admin.call(
        "PATCH",
        f"/groups/{after_sales}",
        {
            "working_hours": {
                "timezone": "Asia/Shanghai",
                "weekly": weekdays,
                "holidays": ["2027-01-01"],
            },
            "accept_timeout_seconds": 180,
        },
    )
    admin.call("PUT", f"/groups/{after_sales}/members/{users['huang.min']['id']}", {"capacity": 6})
    admin.call("PATCH", f"/groups/{groups['投诉处理']['id']}", {"default_capacity": 4})


def _shoot_audit(address: str, language: str, settings: Any, out_dir: Path) -> list[Path]:
    """The supervisor's audit search: this morning's admin changes, before → after."""
    from .state import ClientSession
    from .views.audit import ADMIN_CHANGES, AuditView

    _stage_admin_changes(address)
    session = ClientSession()
    attempt = session.log_in(address, "zhao.min", PASSWORD)
    _wait_until(lambda: session.logged_in, "the supervisor logging in")
    del attempt
    session.start()
    _wait_until(lambda: not session.loading and bool(session.state.groups), "the directory")
    view = AuditView(session)
    view.setWindowTitle("TicketDesk")
    view.resize(1440, 620)
    view.kind_box.setCurrentIndex(view.kind_box.findData(ADMIN_CHANGES))
    view.show()
    view.run_search()
    _wait_until(lambda: view.model.rowCount() > 0 and not view.search.loading, "the results")
    view.table.resizeColumnsToContents()
    view.table.horizontalHeader().setStretchLastSection(True)
    view.table.selectRow(0)
    _spin(300)
    path = out_dir / f"audit_{language}.png"
    if not view.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    reply = session.log_out()
    if reply is not None:
        _wait_until(lambda: reply.done, "logging out", 10)
    view.close()
    view.deleteLater()
    _spin(100)
    return [path]


def _shoot_admin_users(address: str, language: str, out_dir: Path) -> list[Path]:
    """The admin's accounts screen, an agent's account open for editing."""
    from .state import ClientSession
    from .views.admin import AdminWindow

    session = ClientSession()
    attempt = session.log_in(address, "admin", PASSWORD)
    _wait_until(lambda: session.logged_in, "the admin logging in")
    del attempt
    session.start()
    _wait_until(lambda: not session.loading and bool(session.state.users), "the directory")
    window = AdminWindow(session)
    window.resize(1200, 560)
    window.show()
    agent = next(u for u in session.state.users.values() if u.role.value == "agent")
    window.users.select_user(agent.id)
    _spin(300)
    path = out_dir / f"admin_users_{language}.png"
    if not window.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    reply = session.log_out()
    if reply is not None:
        _wait_until(lambda: reply.done, "logging out", 10)
    window.close()
    window.deleteLater()
    _spin(100)
    return [path]


def _shoot_api_keys(address: str, language: str, out_dir: Path) -> list[Path]:
    """The API keys screen: the order system's key and a telephony key just made, shown once."""
    from ticketdesk.common.enums import Scope

    from .state import ClientSession
    from .views.admin import AdminWindow

    StagingApi(address, "admin").call("POST", "/api-keys", {
        "account": "ordersys", "display_name": "订单系统 order system", "name": "nightly sync",
        "scopes": ["orders:write", "tickets:read"], "expires_at": "2027-06-30T16:00:00Z"})
    session = ClientSession()
    attempt = session.log_in(address, "admin", PASSWORD)
    _wait_until(lambda: session.logged_in, "the admin logging in")
    del attempt
    session.start()
    _wait_until(lambda: not session.loading, "the directory")
    window = AdminWindow(session)
    window.resize(1280, 620)
    window.show()
    screen = window.keys
    window.tabs.setCurrentWidget(screen)
    _wait_until(lambda: screen.model.rowCount() == 1, "the keys")
    screen.account_edit.setText("telephony")
    screen.display_name_edit.setText("呼叫中心 telephony")
    screen.name_edit.setText("PBX hall 2")
    for scope in (Scope.TICKETS_READ, Scope.TICKETS_WRITE):
        screen.scope_checks[scope].setChecked(True)
    screen.create()
    _wait_until(lambda: not screen.shown_box.isHidden() and screen.model.rowCount() == 2,
                "the new key")
    _spin(300)
    path = out_dir / f"admin_api_keys_{language}.png"
    if not window.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    reply = session.log_out()
    if reply is not None:
        _wait_until(lambda: reply.done, "logging out", 10)
    window.close()
    window.deleteLater()
    _spin(100)
    return [path]


def _receiver() -> Any:
    """A webhook receiver on loopback that takes everything (the CRM of the picture)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length", 0)))
            self.send_response(204)
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _shoot_webhooks(address: str, language: str, out_dir: Path) -> list[Path]:
    """The webhooks screen: a CRM that takes after-sales tickets, and a chat tool that is
    down, its dead letters listed with their last error, ready to be redelivered."""
    from .state import ClientSession
    from .views.admin import AdminWindow

    crm = _receiver()
    api = StagingApi(address, "admin")
    groups = {g["name"]: g["id"] for g in api.call("GET", "/groups")}
    api.call("POST", "/webhooks", {
        "url": f"http://localhost:{crm.server_address[1]}/hooks/ticketdesk",
        "description": "CRM 售后工单", "kinds": ["created", "commented", "resolved"],
        "groups": [groups["售后服务"]]})
    down = free_port()  # nothing listens there: connections are refused
    chat = api.call("POST", "/webhooks", {
        "url": f"http://localhost:{down}/im/ticket-events", "description": "在线客服系统",
        "kinds": ["created", "assigned", "commented", "transferred"]})
    tickets = [t for t in api.call("GET", f"/tickets?group={groups['售后服务']}")["data"]
               if t["status"] not in ("resolved", "closed")][:3]
    for ticket, words in zip(tickets, ("已联系客户，等待回寄", "发票已重开", "已催物流"),
                             strict=False):
        api.call("POST", f"/tickets/{ticket['id']}/comments", {"body": words})
    session = ClientSession()
    attempt = session.log_in(address, "admin", PASSWORD)
    _wait_until(lambda: session.logged_in, "the admin logging in")
    del attempt
    session.start()
    _wait_until(lambda: not session.loading, "the directory")
    window = AdminWindow(session)
    window.resize(1440, 760)
    window.show()
    screen = window.webhooks
    window.tabs.setCurrentWidget(screen)

    def dead_listed() -> bool:
        screen.refresh()
        _spin(300)
        return screen.model.rowCount() == 2 and screen.model.endpoint_at(1).counts.dead > 0

    _wait_until(dead_listed, "the chat tool's dead letters", 30)
    screen.select_endpoint(chat["id"])
    screen.delivery_tabs.setCurrentIndex(1)
    _wait_until(lambda: screen.dead_model.rowCount() > 0, "the dead letters")
    _spin(500)  # the last reads land before a row is chosen
    screen.dead_table.selectRow(0)
    _spin(200)
    path = out_dir / f"admin_webhooks_{language}.png"
    if not window.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    reply = session.log_out()
    if reply is not None:
        _wait_until(lambda: reply.done, "logging out", 10)
    window.close()
    window.deleteLater()
    crm.shutdown()
    _spin(100)
    return [path]


def _shoot_hours_editor(address: str, language: str, out_dir: Path) -> list[Path]:
    """The groups screen on after-sales' working hours: weekdays with a lunch break (set in
    `_stage_admin_changes`), a short Saturday, the Spring Festival off."""
    from .state import ClientSession
    from .views.admin import AdminWindow

    admin = StagingApi(address, "admin")
    group = next(g for g in admin.call("GET", "/groups") if g["name"] == "售后服务")
    hours = group["working_hours"]
    hours["weekly"]["sat"] = [{"start": "09:00", "end": "15:00"}]
    hours["holidays"] = sorted({*hours["holidays"], "2027-02-06", "2027-02-07", "2027-02-08"})
    admin.call("PATCH", f"/groups/{group['id']}", {"working_hours": hours})

    session = ClientSession()
    attempt = session.log_in(address, "admin", PASSWORD)
    _wait_until(lambda: session.logged_in, "the admin logging in")
    del attempt
    session.start()
    _wait_until(lambda: not session.loading and bool(session.state.groups), "the directory")
    window = AdminWindow(session)
    window.resize(1280, 720)  # about what a 1366×768 screen gives it
    window.show()
    screen = window.groups
    window.tabs.setCurrentWidget(screen)
    screen.select_group(group["id"])
    screen.pages.setCurrentIndex(1)
    screen.hours_grid.setFocus()
    _spin(300)
    path = out_dir / f"hours_editor_{language}.png"
    if not window.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    # The same group's members: the picker lists agents, by pinyin.
    screen.pages.setCurrentIndex(2)
    _wait_until(lambda: screen.member_model.rowCount() > 0, "the members")
    screen.member_table.selectRow(0)
    _spin(300)
    members = out_dir / f"group_members_{language}.png"
    if not window.grab().save(str(members)):
        raise RuntimeError(f"could not write {members}")
    reply = session.log_out()
    if reply is not None:
        _wait_until(lambda: reply.done, "logging out", 10)
    window.close()
    window.deleteLater()
    _spin(100)
    return [path, members]


def _shoot_type_editor(address: str, language: str, out_dir: Path) -> list[Path]:
    """The admin's ticket-type editor: the demo type with the most fields, its choice field
    open in the field builder, and the preview of the form agents get."""
    from .state import ClientSession
    from .views.admin import AdminWindow

    session = ClientSession()
    attempt = session.log_in(address, "admin", PASSWORD)
    _wait_until(lambda: session.logged_in, "the admin logging in")
    del attempt
    session.start()
    _wait_until(lambda: not session.loading and bool(session.state.types), "the directory")
    window = AdminWindow(session)
    window.resize(1280, 720)
    window.tabs.setCurrentWidget(window.types)
    window.show()
    richest = max(session.state.types.values(), key=lambda t: len(t.fields))
    editor = window.types
    editor.select_type(richest.id)
    choice = next((i for i, f in enumerate(richest.fields) if f.kind.value == "choice"), 0)
    editor.field_list.setCurrentIndex(editor.fields.index(choice, 0))
    _spin(200)
    # The field builder in view (the SLA section above it has a screen of its own).
    editor.editor_scroll.verticalScrollBar().setValue(editor.field_list.parentWidget().y() - 60)
    _spin(300)
    path = out_dir / f"type_editor_{language}.png"
    if not window.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    reply = session.log_out()
    if reply is not None:
        _wait_until(lambda: reply.done, "logging out", 10)
    window.close()
    window.deleteLater()
    _spin(100)
    return [path]


def _shoot_type_sla(address: str, language: str, out_dir: Path) -> list[Path]:
    """The SLA section of the type editor: a demo type given a policy that counts the
    group's working hours, has shorter targets for urgent tickets, warns 30 minutes before
    the breach, raises the priority at the
    warning and at the breach also tells a supervisors' group."""
    from .state import ClientSession
    from .views.admin import AdminWindow

    admin = StagingApi(address, "admin")
    ttype = max(admin.call("GET", "/ticket-types"), key=lambda t: len(t["fields"]))
    groups = sorted(g["name"] for g in admin.call("GET", "/groups"))
    admin.call("PATCH", f"/ticket-types/{ttype['id']}", {
        "sla_first_response_minutes": ttype["sla_first_response_minutes"] or 60,
        "sla_resolution_minutes": ttype["sla_resolution_minutes"] or 480,
        "sla_policy": {"clock": "business", "warn_minutes_before": 30,
                       "by_priority": {"urgent": {"first_response_minutes": 15,
                                                  "resolution_minutes": 240}},
                       "on_warning": {"raise_priority": "high"},
                       "on_breach": {"raise_priority": "urgent", "notify_group": groups[0]}}})

    session = ClientSession()
    attempt = session.log_in(address, "admin", PASSWORD)
    _wait_until(lambda: session.logged_in, "the admin logging in")
    del attempt
    session.start()
    _wait_until(lambda: not session.loading and bool(session.state.types), "the directory")
    window = AdminWindow(session)
    window.resize(1280, 720)
    window.tabs.setCurrentWidget(window.types)
    window.show()
    editor = window.types
    editor.select_type(ttype["id"])
    _spin(200)
    editor.editor_scroll.verticalScrollBar().setValue(editor.sla.y() - 120)
    editor.sla.on_breach.group_combo.setFocus()
    _spin(300)
    path = out_dir / f"type_sla_{language}.png"
    if not window.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    reply = session.log_out()
    if reply is not None:
        _wait_until(lambda: reply.done, "logging out", 10)
    window.close()
    window.deleteLater()
    _spin(100)
    return [path]


BOARD_TICKETS = [
    ("冰箱门封条漏风，客户要求上门检修", "urgent"),
    ("洗衣机安装后漏水，客户很着急", "urgent"),
    ("空调遥控器失灵，申请更换", "normal"),
    ("电视屏幕有亮点，七天内申请换货", "high"),
    ("热水器安装预约改期到周六", "normal"),
    ("净水器滤芯到期提醒，客户咨询更换费用", "low"),
    ("油烟机噪音大，要求师傅上门查看", "normal"),
    ("微波炉加热不均匀，咨询保修", "normal"),
    ("吸尘器电池续航短，申请售后检测", "high"),
    ("烤箱温度显示异常，客户要求退货", "normal"),
    ("冰箱冷藏室结霜严重", "normal"),
    ("洗碗机门关不严，申请上门维修", "low"),
    ("扫地机器人无法回充", "normal"),
    ("电饭煲内胆涂层脱落，申请换新", "high"),
]


def stage_board(address: str) -> None:
    """After-sales on a busy morning, for its supervisor sun.li: two agents online (filled by
    the engine), one away, the rest of the tickets waiting in the queue."""
    admin = StagingApi(address, "admin")
    groups = {g["name"]: g["id"] for g in admin.call("GET", "/groups")}
    users = {u["username"]: u["id"] for u in admin.call("GET", "/users")}
    aftersales = groups["售后服务"]
    admin.call("PUT", f"/groups/{aftersales}/supervisors/{users['sun.li']}")
    huang, zhou, yang = (StagingApi(address, u) for u in ("huang.min", "zhou.jie", "yang.lei"))
    huang.call("PUT", "/me/presence", {"presence": "away"})
    yang.call("PUT", "/me/presence", {"presence": "online"})
    wang = StagingApi(address, "wang.fang")
    for title, priority in BOARD_TICKETS:
        wang.call("POST", "/tickets", {
            "type": "callback", "title": title, "priority": priority, "group": "售后服务",
            "fields": {"customer_phone": "137 1234 5678", "topic": "其他"},
        })
    for agent in (zhou, yang):  # each accepts some of what the engine offered
        mine = agent.call("GET", "/tickets?assignee=me&status=assigned")["data"]
        for ticket in mine[:2]:
            agent.call("POST", f"/tickets/{ticket['id']}/accept")
        if mine:
            agent.call("POST", f"/tickets/{mine[0]['id']}/pending",
                       {"note": "等客户发照片"})


def _shoot_board(address: str, language: str, settings: Any, out_dir: Path) -> list[Path]:
    """The dispatch board on after-sales (its supervisor's), a drag of two queued tickets
    onto an agent, and the question when that agent is at capacity."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QPainter
    from PySide6.QtWidgets import QApplication

    from .state import ClientSession
    from .views.board import BoardView
    from .views.main_window import MainWindow

    stage_board(address)
    saved: list[Path] = []
    session = ClientSession()
    session.log_in(address, "sun.li", PASSWORD)
    _wait_until(lambda: session.logged_in, "the supervisor logging in")
    session.start(None)
    _wait_until(lambda: session.has_loaded, "the first load")
    window = MainWindow(session, settings)
    window.resize(1920, 1080)  # a supervisor's desk screen: all five groups side by side
    window.show()
    board = window.modes.show_mode("board")
    assert isinstance(board, BoardView)
    aftersales = next(g.id for g in session.state.groups.values() if g.name == "售后服务")
    board.select_group(aftersales)
    _wait_until(lambda: board.queue_model.rowCount() >= 3, "the after-sales queue")
    _wait_until(lambda: board.decisions_model.rowCount() > 0, "the engine's decisions")

    def save(image: Any, name: str) -> None:
        path = out_dir / f"{name}_{language}.png"
        if not image.save(str(path)):
            raise RuntimeError(f"could not write {path}")
        saved.append(path)

    _spin(400)
    save(window.grab(), "board")

    # A drag in progress: two queued tickets over an agent, the target outlined.
    queue = board.tickets
    queue.selectRow(0)
    queue.selectionModel().select(
        board.queue_model.index(1, 0),
        queue.selectionModel().SelectionFlag.Select | queue.selectionModel().SelectionFlag.Rows,
    )
    drag = queue.make_drag()
    assert drag is not None
    zhou = next(u.id for u in session.state.users.values() if u.username == "zhou.jie")
    target = board.agents.visualRect(board.agents_model.agent_index(zhou)).center()
    for kind in (QDragEnterEvent, QDragMoveEvent):
        event = kind(target, Qt.DropAction.MoveAction, drag.mimeData(),
                     Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(board.agents.viewport(), event)
    _spin(200)
    image = window.grab()
    painter = QPainter(image)
    at = board.agents.viewport().mapTo(window, target) + QPoint(40, 6)
    painter.drawPixmap(QPointF(at), drag.pixmap())
    painter.end()
    save(image, "board_drag")
    board.agents._hover(None)

    # Dropped onto zhou.jie, who is at capacity: the board asks.
    board.mover.assign([(t, v) for t, v in _seen_of(drag.mimeData())], zhou)
    _wait_until(lambda: board.mover.override_question is not None, "the capacity question")
    box = board.mover.override_question
    assert box is not None
    _spin(300)
    image = window.grab()
    painter = QPainter(image)
    dialog = box.grab()
    corner = QPoint((image.width() - dialog.width()) // 2, (image.height() - dialog.height()) // 3)
    painter.fillRect(image.rect(), QColor(0, 0, 0, 60))  # the window behind a modal question
    painter.drawPixmap(corner, dialog)
    painter.setPen(QColor("#607d8b"))
    painter.drawRect(corner.x() - 1, corner.y() - 1, dialog.width() + 1, dialog.height() + 1)
    painter.end()
    save(image, "board_override")
    box.reject()
    window.close()
    reply = session.log_out()
    if reply is not None:
        _wait_until(lambda: reply.done, "logging out", 10)
    _spin(100)
    return saved


QUICK_REPLIES = (
    ("退款到账", "{customer_name}您好，订单 {order_number} 的退款已原路退回，1–3 个工作日到账。",
     True),
    ("退款进度", "退款正在处理中，工单号 {ticket_number}，有进展我们会第一时间通知您。", True),
    ("问候", "您好，我是客服{agent_name}，很高兴为您服务。", False),
)
"""Staged for the reply box: two of the agent's group, one of the agent's own."""


def _shoot_notify_settings(language: str, settings: Any, out_dir: Path) -> list[Path]:
    """The notification settings (per kind: notify, sound), as a supervisor sees them."""
    from .state.news import NewsKind, NotifyPrefs
    from .views.notify_settings import NotifyPage
    from .views.settings import SettingsDialog

    prefs = NotifyPrefs(settings)
    page = NotifyPage(prefs, supervisor=lambda: True, sound_available=True)
    page.show_boxes[NewsKind.COMMENT].setChecked(True)
    dialog = SettingsDialog([page])
    dialog.show()
    _spin(300)
    path = out_dir / f"notify_settings_{language}.png"
    if not dialog.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    dialog.close()
    dialog.deleteLater()
    return [path]


def _shoot_keyboard(address: str, language: str, settings: Any, out_dir: Path) -> list[Path]:
    """The command palette finding tickets by pinyin initials, and the reply box offering
    quick replies after "/"."""
    from PySide6.QtGui import QPainter
    from PySide6.QtTest import QTest

    from ticketdesk.common.enums import Action, Presence

    from .models.inbox import Inbox
    from .state import ClientSession
    from .views.main_window import MainWindow

    agent = StagingApi(address, AGENT)
    group = agent.call("GET", "/me")["group_ids"][0]
    admin = StagingApi(address, "admin")
    for name, body, shared in QUICK_REPLIES:
        made = {"name": name, "body": body, **({"group_id": group} if shared else {})}
        (admin if shared else agent).call("POST", "/quick-replies", made)

    saved: list[Path] = []
    session = ClientSession()
    attempt = session.log_in(address, AGENT, PASSWORD)
    _wait_until(lambda: session.logged_in, "logging in")
    del attempt
    session.start(Presence.ONLINE)
    window = MainWindow(session, settings, use_tray=False)
    window.resize(1440, 860)
    window.splitter.setSizes([780, 660])
    window.show()
    _wait_until(lambda: not session.loading and session.state.tickets, "the first load")
    _wait_until(lambda: bool(window.detail.quick_replies.replies), "the quick replies")

    palette = window.open_palette()
    palette.edit.setText("kh")  # 客户…: pinyin initials
    _spin(300)
    path = out_dir / f"palette_{language}.png"
    palette.grab().save(str(path))
    saved.append(path)
    palette.reject()

    mine = window.inbox.pages[Inbox.MINE]
    window.inbox.show_inbox(Inbox.MINE)
    for row in range(mine.model.rowCount()):
        ticket_id = mine.model.ticket_id(row)
        if ticket_id is not None and Action.COMMENT in session.state.allowed_actions(ticket_id):
            mine.table.selectRow(row)
            break
    _wait_until(lambda: window.detail.comment_edit.isEnabled(), "a ticket to reply to")
    _spin(500)
    edit = window.detail.comment_edit
    edit.setFocus()
    edit.insertPlainText("您好！\n")
    QTest.keyClicks(edit, "/tk")
    _wait_until(edit.popup_visible, "the quick replies popup")
    _spin(300)
    # The popup is a window of its own: painted onto the window where it shows.
    image = window.grab()
    popup = edit.completer.popup()
    # (offscreen there is no window manager to place it: under the cursor, as on a desktop)
    offset = edit.viewport().mapTo(window, edit.cursorRect().bottomLeft())
    painter = QPainter(image)
    painter.drawPixmap(offset, popup.grab())
    painter.end()
    path = out_dir / f"quick_replies_{language}.png"
    image.save(str(path))
    saved.append(path)

    reply = session.log_out()
    if reply is not None:
        _wait_until(lambda: reply.done, "logging out", 10)
    window.close()
    window.deleteLater()
    _spin(100)
    return saved


def _shoot_quick_replies(address: str, language: str, out_dir: Path) -> list[Path]:
    """The admin's screen of a group's quick replies, one open with its preview; and an
    agent's dialog of their own (after `_shoot_keyboard`, which staged them)."""
    from .state import ClientSession
    from .views.admin import AdminWindow
    from .views.quick_reply_dialog import MyQuickRepliesDialog

    saved: list[Path] = []
    for username in ("admin", AGENT):
        session = ClientSession()
        attempt = session.log_in(address, username, PASSWORD)
        _wait_until(lambda s=session: s.logged_in, "logging in")
        del attempt
        session.start()
        _wait_until(lambda s=session: not s.loading and bool(s.state.groups), "the directory")
        widget: Any
        if username == "admin":
            widget = AdminWindow(session)
            widget.resize(1200, 560)
            page = widget.quick_replies
            widget.tabs.setCurrentWidget(page)
            widget.show()
            editor = page.editor
            shared = editor._replies
            _wait_until(lambda q=shared: bool(q.replies), "the quick replies")
            group = next(r.group_id for r in shared.replies if r.group_id)
            page.choose_group(group)
            name = "admin_quick_replies"
        else:
            from .state.quick_replies import QuickReplies

            replies = QuickReplies(session)
            widget = MyQuickRepliesDialog(session.state, replies)
            widget.resize(1000, 480)
            widget.show()
            editor = widget.editor
            _wait_until(lambda q=replies: bool(q.mine()), "the agent's own quick replies")
            name = "my_quick_replies"
        _spin(200)
        editor.select_reply(editor.model.reply_at(0).id)  # type: ignore[union-attr]
        _spin(300)
        path = out_dir / f"{name}_{language}.png"
        if not widget.grab().save(str(path)):
            raise RuntimeError(f"could not write {path}")
        saved.append(path)
        reply = session.log_out()
        if reply is not None:
            _wait_until(lambda r=reply: r.done, "logging out", 10)
        widget.close()
        widget.deleteLater()
        _spin(100)
    return saved


def _parcel_photo(path: Path) -> None:
    """A stand-in for the customer's photo of a crushed parcel (drawn: the demo ships no
    photographs)."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen, QPolygonF

    image = QImage(900, 600, QImage.Format.Format_RGB32)
    image.fill(QColor("#d9d4cb"))  # the floor
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#7a5230"), 4))
    painter.setBrush(QColor("#b98a55"))
    painter.drawPolygon(QPolygonF([QPointF(170, 180), QPointF(620, 150), QPointF(740, 250),
                                   QPointF(700, 520), QPointF(210, 540), QPointF(150, 300)]))
    painter.setBrush(QColor("#c99c66"))
    painter.drawPolygon(QPolygonF([QPointF(170, 180), QPointF(620, 150), QPointF(740, 250),
                                   QPointF(300, 280)]))
    painter.fillRect(QRectF(380, 165, 60, 110), QColor("#e9dfc6"))  # the tape
    painter.setPen(QPen(QColor("#3b2612"), 7))
    painter.drawPolyline(QPolygonF([QPointF(560, 300), QPointF(600, 360), QPointF(585, 410),
                                    QPointF(640, 470)]))  # the split side
    painter.setPen(QColor("#222222"))
    painter.setBrush(QColor("#ffffff"))
    painter.drawRect(QRectF(250, 360, 230, 120))
    font = QFont()
    font.setPixelSize(30)
    painter.setFont(font)
    painter.drawText(QRectF(250, 360, 230, 120), Qt.AlignmentFlag.AlignCenter,
                     "顺丰速运\nSF 1234 5678")
    painter.end()
    image.save(str(path), "PNG")


def _shoot_attachment(address: str, rich: int, language: str, out_dir: Path) -> list[Path]:
    """A ticket with the customer's photo previewed in its record, and the agent's reply
    being written with the invoice held to go with it."""
    from .state import ClientSession
    from .views.ticket_detail import TicketDetailView

    session = ClientSession()
    session.log_in(address, AGENT, PASSWORD)
    _wait_until(lambda: session.logged_in, "logging in")
    session.start()
    _wait_until(lambda: not session.loading and rich in session.state.tickets, "the tickets")
    view = TicketDetailView(session)
    view.resize(760, 900)
    view.show()
    view.show_ticket(rich)
    box = view.comment_box
    _wait_until(box.attach_button.isEnabled, "the reply box")
    with tempfile.TemporaryDirectory() as folder:
        photo = Path(folder) / ("快递破损.png" if language == "zh_CN" else "crushed-parcel.png")
        _parcel_photo(photo)
        box.attach_files([str(photo)])  # the box empty: to the ticket

        def previewed() -> bool:
            return any(e.attachment is not None and e.attachment.thumbnail.isVisibleTo(view)
                       for e in view.timeline.entries)

        _wait_until(previewed, "the photo's preview")
        invoice = Path(folder) / ("发票.pdf" if language == "zh_CN" else "invoice.pdf")
        invoice.write_bytes(b"%PDF-1.4\n%%EOF\n")
        view.comment_edit.setPlainText(
            "您好，照片已收到，我们为您补发；发票见附件。" if language == "zh_CN"
            else "Thank you, the photo is here: we are sending a new one; the invoice is attached.")
        box.attach_files([str(invoice)])  # a reply being written: held for it
        _spin(300)
        bar = view.scroll.verticalScrollBar()
        bar.setValue(bar.maximum())  # the record's end: the photo (it grew once previewed)
        _spin(300)
        path = out_dir / f"attachment_preview_{language}.png"
        if not view.grab().save(str(path)):
            raise RuntimeError(f"could not write {path}")
        box.drop_held(box.held_files()[0])
    view.show_ticket(None)
    reply = session.log_out()
    if reply is not None:
        _wait_until(lambda: reply.done, "logging out", 10)
    view.close()
    view.deleteLater()
    _spin(100)
    return [path]


def _seen_of(mime: Any) -> list[tuple[int, int]]:
    from .models.ticket_mime import read_tickets_mime

    return read_tickets_mime(mime)


def _shoot_dashboard(address: str, language: str, out_dir: Path) -> list[Path]:
    """The after-sales supervisor's KPI dashboard: last week, after-sales alone."""
    from .state import ClientSession
    from .state.kpis import PeriodKind
    from .views.dashboard import DashboardView

    session = ClientSession()
    attempt = session.log_in(address, "sun.li", PASSWORD)
    _wait_until(lambda: session.logged_in, "the supervisor logging in")
    del attempt
    session.start(None)
    _wait_until(lambda: not session.loading and bool(session.state.groups), "the directory")
    view = DashboardView(session)
    view.setWindowTitle("TicketDesk")
    view.resize(1440, 900)
    view.show()
    after_sales = next(g.id for g in session.state.groups.values() if g.name == "售后服务")
    view.choose_groups({after_sales})
    view.period_box.setCurrentIndex(view.period_box.findData(PeriodKind.LAST_WEEK.value))
    _wait_until(
        lambda: view.kpis.report is not None
        and not view.kpis.loading
        and view.kpis.period.kind is PeriodKind.LAST_WEEK
        and view.kpis.group_ids == (after_sales,),
        "last week's KPIs",
    )
    view.table.resizeColumnsToContents()
    _spin(500)
    path = out_dir / f"dashboard_{language}.png"
    if not view.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    reply = session.log_out()
    if reply is not None:
        _wait_until(lambda: reply.done, "logging out", 10)
    view.close()
    view.deleteLater()
    _spin(100)
    return [path]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    only = None
    if "--only" in args:  # --only board,supervisor
        at = args.index("--only")
        only = set(args[at + 1].split(","))
        args = args[:at] + args[at + 2:]
    out_dir = Path(args[0] if args else "docs/screenshots")
    for path in run(out_dir, only):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
