"""Past working days for the demo organisation's after-sales and supplier groups, played
through the real services with the server's clock set back: tickets arrive, the assignment
engine offers them, agents accept (or let offers lapse), transfer, resolve; supervisors
reopen a few; agents come online, take lunch, go home. So the KPI dashboard of a demo (and
its screenshots) has a week of record behind it, every figure traceable to its events.

``ticketdesk-server demo-history`` runs it, on a database with the demo loaded and no
server running on it (the server's own engine must not act on the half-played days).
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ticketdesk.common.enums import Presence, Status
from ticketdesk.common.models import TicketCreate

from . import clock
from .services import presence, tickets
from .services.actors import Actor
from .services.assignment.engine import dispatch_group
from .services.sla import escalation
from .store.schema import Group, Ticket, User

ZONE = ZoneInfo("Asia/Shanghai")
TICK = timedelta(minutes=5)
"""The engine runs a round this often (agents act between rounds; accepting takes them
under the groups' accept timeouts, 5 and 10 minutes, or the offer lapses)."""


@dataclass(frozen=True)
class Habit:
    """How an agent works: minutes to accept an offer, the chance of letting one lapse,
    minutes to handle a ticket, the chance of a slow (multi-day) one."""

    accept: tuple[float, float]
    lapse: float
    handle: tuple[float, float]
    slow: float = 0.03


HABITS: dict[str, Habit] = {
    "yang.lei": Habit((0.3, 2.0), 0.02, (12, 45)),
    "lin.xue": Habit((0.5, 3.0), 0.05, (15, 60)),
    "zhou.jie": Habit((0.5, 3.5), 0.08, (20, 70)),
    "huang.min": Habit((1.5, 4.8), 0.30, (40, 150), slow=0.12),
    "wu.xia": Habit((1.0, 6.0), 0.05, (30, 120)),
    "xu.tao": Habit((2.0, 9.0), 0.15, (45, 180), slow=0.08),
}
GROUPS = {"售后服务": 3.2, "供应商关系": 0.9}
"""Tickets arriving per hour of the working day."""
CREATORS = ("li.na", "wang.fang", "zhang.wei", "liu.yang", "chen.jing")
SUPERVISOR = "sun.li"


def _ticket(rng: random.Random, group: str) -> TicketCreate:
    order_no = f"TD202611{rng.randint(10, 30)}{rng.randint(10000, 99999)}"
    if group == "供应商关系":
        return TicketCreate.model_validate({
            "type": "supplier_issue",
            "title": rng.choice(["供应商缺货，影响多笔订单", "供应商报价与系统不符",
                                 "供应商发货延迟", "供应商资质到期"]),
            "fields": {
                "supplier_name": rng.choice(["华美家电", "青禾茶业", "顺达物流", "优品家居"]),
                "issue_kind": rng.choice(["缺货", "价格错误", "发货延迟", "资质问题"]),
                "order_no": order_no,
                "affected_count": rng.randint(1, 40),
            },
        })
    if rng.random() < 0.7:
        return TicketCreate.model_validate({
            "type": "refund_request",
            "title": rng.choice(["客户申请退款：商品有破损", "七天无理由退货退款",
                                 "发错货，客户要求退款", "未收到货，申请退款"]),
            "priority": "high" if rng.random() < 0.15 else "normal",
            "fields": {
                "order_no": order_no,
                "amount": rng.choice([59, 129, 299, 899, 1299, 2399]),
                "reason": rng.choice(["商品质量问题", "发错货", "未收到货", "七天无理由"]),
                "customer_phone": f"13{rng.randint(0, 9)} {rng.randint(1000, 9999)} "
                                  f"{rng.randint(1000, 9999)}",
            },
        })
    return TicketCreate.model_validate({
        "type": "order_change",
        "title": rng.choice(["客户要求修改收货地址", "客户要求改期配送", "客户要求取消订单"]),
        "fields": {
            "order_no": order_no,
            "change_type": rng.choice(["修改地址", "修改配送时间", "取消订单"]),
            "new_value": rng.choice(["上海市浦东新区张江路 88 号", "下周六上午", "取消"]),
        },
    })


class _Play:
    def __init__(self, session: Session, rng: random.Random) -> None:
        self.session = session
        self.rng = rng
        self.now = clock.now()
        self.users = {u.username: u for u in session.scalars(select(User).order_by(User.id))}
        self.groups = {g.name: g for g in session.scalars(select(Group).order_by(Group.id))}
        self._queue: list[tuple[datetime, int, Callable[[], None]]] = []
        self._order = itertools.count()
        self.planned: dict[int, tuple[int, datetime]] = {}
        """Ticket → the offer (agent, accept deadline) whose outcome is planned."""
        self.handled = 0

    def actor(self, username: str) -> Actor:
        user = self.users[username]
        self.session.refresh(user)
        return Actor.of(user, source="demo")

    def at(self, when: datetime, action: Callable[[], None]) -> None:
        heapq.heappush(self._queue, (when, next(self._order), action))

    def run_until(self, until: datetime) -> None:
        """Carry out what is due by ``until``, each at its own moment."""
        while self._queue and self._queue[0][0] <= until:
            when, _, action = heapq.heappop(self._queue)
            self.escalate(when)
            self.set_clock(when)
            # The engine writes with plain UPDATEs and the session keeps objects past a
            # commit: read every ticket afresh.
            self.session.expire_all()
            action()
            self.session.flush()
            self.session.commit()

    def escalate(self, until: datetime) -> None:
        """Record the SLA warnings and breaches due by ``until``, as the loop's timer round
        does between any two actions (or the record would hold late tickets with no
        escalation of them)."""
        self.set_clock(until)
        while escalation.scan(self.session, self.now):
            self.session.commit()
        self.session.commit()

    def set_clock(self, when: datetime) -> None:
        when = max(when, self.now)  # time never runs backwards in the record
        self.now = when
        clock.set_source(lambda: when)

    # ------------------------------------------------------------ people

    def presence(self, username: str, to: Presence) -> None:
        user = self.users[username]
        presence.change(self.session, user_id=user.id, presence=to, actor=self.actor(username))

    def day_of(self, username: str, day: date) -> None:
        def moment(h: int, m: int) -> datetime:
            return datetime.combine(day, time(h, m), tzinfo=ZONE)

        rng = self.rng
        if rng.random() < 0.06:
            return  # a day off
        self.at(moment(8, 50) + timedelta(minutes=rng.uniform(0, 25)),
                lambda: self.presence(username, Presence.ONLINE))
        self.at(moment(12, 0) + timedelta(minutes=rng.uniform(0, 10)),
                lambda: self.presence(username, Presence.AWAY))
        self.at(moment(12, 55) + timedelta(minutes=rng.uniform(0, 15)),
                lambda: self.presence(username, Presence.ONLINE))
        if rng.random() < 0.3:  # a meeting or a break in the afternoon
            start = moment(15, 0) + timedelta(minutes=rng.uniform(0, 60))
            self.at(start, lambda: self.presence(username, Presence.AWAY))
            self.at(start + timedelta(minutes=rng.uniform(15, 45)),
                    lambda: self.presence(username, Presence.ONLINE))
        self.at(moment(17, 55) + timedelta(minutes=rng.uniform(0, 25)),
                lambda: self.presence(username, Presence.OFFLINE))

    # ------------------------------------------------------------ tickets

    def arrive(self, group: str) -> None:
        creator = self.rng.choice(CREATORS)
        data = _ticket(self.rng, group).model_copy(update={"group": group})
        tickets.create_ticket(session=self.session, data=data, actor=self.actor(creator))

    def follow_offers(self) -> None:
        """Plan what each agent does with each offer just made to them (a second offer of
        the same ticket, after a lapse, is a new decision)."""
        offered = self.session.execute(
            select(Ticket.id, Ticket.assignee_id, Ticket.accept_deadline)
            .where(Ticket.status == Status.ASSIGNED)
            .order_by(Ticket.id)  # the same draws in the same order: the same history
        ).all()
        names = {u.id: name for name, u in self.users.items()}
        for ticket_id, agent_id, deadline in offered:
            if self.planned.get(ticket_id) == (agent_id, deadline):
                continue
            self.planned[ticket_id] = (agent_id, deadline)
            habit = HABITS.get(names.get(agent_id, ""))
            if habit is None or self.rng.random() < habit.lapse:
                continue  # not accepted in time: the engine offers it to someone else
            delay = timedelta(minutes=self.rng.uniform(*habit.accept))
            self.at(self.now + delay, lambda t=ticket_id, a=agent_id: self.accept(t, a))

    def accept(self, ticket_id: int, agent_id: int) -> None:
        ticket = self.session.get(Ticket, ticket_id)
        if ticket is None or ticket.status != Status.ASSIGNED or ticket.assignee_id != agent_id:
            return  # lapsed or handed back meanwhile
        name = next(n for n, u in self.users.items() if u.id == agent_id)
        tickets.accept(session=self.session, ticket_id=ticket_id, actor=self.actor(name))
        habit = HABITS[name]
        minutes = self.rng.uniform(*habit.handle)
        if self.rng.random() < habit.slow:
            minutes += self.rng.uniform(20, 60) * 60  # waits on someone: a day or more
        roll = self.rng.random()
        group = ticket.group_id
        after_sales = self.groups["售后服务"].id
        if group == after_sales and roll < 0.06:
            self.at(self.now + timedelta(minutes=minutes / 3),
                    lambda: self.transfer(ticket_id, name))
        else:
            self.at(self.now + timedelta(minutes=minutes), lambda: self.resolve(ticket_id, name))

    def transfer(self, ticket_id: int, name: str) -> None:
        ticket = self.session.get(Ticket, ticket_id)
        if ticket is None or ticket.status != Status.IN_PROGRESS:
            return
        tickets.transfer(session=self.session, ticket_id=ticket_id, actor=self.actor(name),
                         group_ref="供应商关系", note="供应商缺货，请供应商关系组跟进补货时间。")

    def resolve(self, ticket_id: int, name: str) -> None:
        ticket = self.session.get(Ticket, ticket_id)
        if ticket is None or ticket.status != Status.IN_PROGRESS:
            return
        if self.users[name].id != ticket.assignee_id:
            return
        tickets.resolve(session=self.session, ticket_id=ticket_id, actor=self.actor(name),
                        note="已处理，已电话告知客户。")
        self.handled += 1
        if self.rng.random() < 0.04:
            self.at(self.now + timedelta(hours=self.rng.uniform(1, 5)),
                    lambda: self.reopen(ticket_id))

    def reopen(self, ticket_id: int) -> None:
        ticket = self.session.get(Ticket, ticket_id)
        if ticket is None or ticket.status != Status.RESOLVED:
            return
        tickets.reopen(session=self.session, ticket_id=ticket_id, actor=self.actor(SUPERVISOR),
                       note="客户来电表示问题未解决。")

    # ------------------------------------------------------------ the days

    def play(self, days: int) -> int:
        today = self.now.astimezone(ZONE).date()
        start = datetime.combine(today - timedelta(days=days), time(8, 30), tzinfo=ZONE)
        self.now = start - timedelta(hours=13)  # the record starts here, then runs forward
        agents = [name for name in HABITS if name in self.users]
        for username in agents:
            if self.users[username].presence != Presence.OFFLINE:
                self.at(start - timedelta(hours=12),
                        lambda u=username: self.presence(u, Presence.OFFLINE))
        for offset in range(days, 0, -1):
            day = today - timedelta(days=offset)
            if day.weekday() == 6:
                continue  # Sunday: after-sales and suppliers are closed
            for username in agents:
                self.day_of(username, day)
            opening = datetime.combine(day, time(8, 45), tzinfo=ZONE)
            closing = datetime.combine(day, time(17, 45), tzinfo=ZONE)
            for group, per_hour in GROUPS.items():
                rate = per_hour * (0.6 if day.weekday() == 5 else 1.0)
                moment = opening
                while True:
                    moment += timedelta(hours=self.rng.expovariate(rate))
                    if moment >= closing:
                        break
                    self.at(moment, lambda g=group: self.arrive(g))
            tick = datetime.combine(day, time(8, 30), tzinfo=ZONE)
            end = datetime.combine(day, time(18, 30), tzinfo=ZONE)
            while tick <= end:
                self.run_until(tick)
                self.set_clock(tick)
                for group in GROUPS:
                    dispatch_group(self.session, self.groups[group].id, tick)
                    self.session.commit()  # a round is its own transaction, as in the loop
                self.escalate(tick)
                self.session.expire_all()
                self.follow_offers()
                tick += TICK
        return self.handled  # (what is due later than the last evening is never played)


def play_history(*, session: Session, days: int = 9, seed: int = 12) -> str:
    """Play the last ``days`` days (not today). Commits as it goes (each step and engine round);
    the clock is the real one again afterwards."""
    try:
        played = _Play(session, random.Random(seed))
        if not played.groups.get("售后服务") or not played.users.get(SUPERVISOR):
            return "no demo history: load the demo organisation first"
        handled = played.play(days)
        session.commit()
    finally:
        clock.set_source(None)
    count = session.scalar(select(Ticket.id).order_by(Ticket.id.desc()).limit(1))
    return f"demo history: {days} days played, {handled} resolutions (tickets up to #{count})"
