"""``group add|add-member|add-supervisor|remove-supervisor|list|set|show``."""

from __future__ import annotations

import argparse

from ticketdesk.common.models import GroupCreate, MembershipSet

from ..services import groups, lookup, supervisors
from .base import Command, cli_actor, id_or_name, open_session, whole_number


def add_commands(sub: argparse._SubParsersAction, command: Command) -> None:
    """Register these commands with the CLI's ``command(name, func, help)`` helper."""
    group = sub.add_parser("group", help="groups").add_subparsers(dest="action", required=True)
    gadd = command("add", cmd_group_add, "add a group (working round the clock until set)", group)
    gadd.add_argument("name")
    gadd.add_argument("--description")
    gadd.add_argument("--timezone", help="IANA timezone, e.g. Asia/Shanghai")
    gadd.add_argument("--accept-timeout", type=whole_number, help="seconds an agent has to accept")
    gadd.add_argument("--capacity", type=whole_number, help="default open tickets per agent")
    member = command(
        "add-member", cmd_group_add_member, "add a member or set their capacity", group
    )
    member.add_argument("group", help="group id or name")
    member.add_argument("user", help="user id or username")
    member.add_argument("--capacity", type=whole_number)
    for name, handler, help_ in (
        ("add-supervisor", cmd_group_add_supervisor, "make a supervisor oversee a group"),
        ("remove-supervisor", cmd_group_remove_supervisor, "stop a supervisor overseeing it"),
    ):
        oversee = command(name, handler, help_, group)
        oversee.add_argument("group", help="group id or name")
        oversee.add_argument("user", help="supervisor's user id or username")
    command("list", cmd_group_list, "list groups with their load", group)
    gset = command(
        "set",
        cmd_group_set,
        "change a group's working hours, holidays, accept "
        "timeout or default capacity (takes effect at once)",
        group,
    )
    gset.add_argument("group", help="group id or name")
    gset.add_argument("--timezone", help="IANA timezone, e.g. Asia/Shanghai")
    gset.add_argument(
        "--hours",
        action="append",
        metavar="SPEC",
        help="replace the weekly schedule: 'mon-fri 09:00-12:00,13:00-18:00' "
        "(repeatable), or 'always'",
    )
    gset.add_argument(
        "--holiday", action="append", metavar="YYYY-MM-DD", help="add a holiday (repeatable)"
    )
    gset.add_argument("--clear-holidays", action="store_true")
    gset.add_argument("--accept-timeout", type=whole_number, help="seconds an agent has to accept")
    gset.add_argument("--capacity", type=whole_number, help="default open tickets per agent")
    show = command("show", cmd_group_show, "show a group's settings", group)
    show.add_argument("group", help="group id or name")


def cmd_group_add(args: argparse.Namespace) -> int:
    fields: dict[str, object] = {"name": args.name, "description": args.description or ""}
    if args.accept_timeout is not None:
        fields["accept_timeout_seconds"] = args.accept_timeout
    if args.capacity is not None:
        fields["default_capacity"] = args.capacity
    if args.timezone:
        fields["working_hours"] = {"timezone": args.timezone, "weekly": _always()}
    data = GroupCreate.model_validate(fields)
    with open_session(args) as session, session.begin():
        group = groups.create_group(session=session, data=data, actor=cli_actor())
        print(f"group {group.name} created with id {group.id}")
    return 0


def _always() -> dict[str, list[dict[str, str]]]:
    from ticketdesk.common.models import WEEKDAYS

    return {d: [{"start": "00:00", "end": "24:00"}] for d in WEEKDAYS}


def cmd_group_add_member(args: argparse.Namespace) -> int:
    with open_session(args) as session, session.begin():
        group = lookup.group(session, id_or_name(args.group))
        user = lookup.user(session, id_or_name(args.user))
        groups.set_member(
            session=session,
            group_id=group.id,
            user_id=user.id,
            data=MembershipSet(capacity=args.capacity),
            actor=cli_actor(),
        )
        print(
            f"{user.username} is a member of {group.name}"
            + (f" with capacity {args.capacity}" if args.capacity is not None else "")
        )
    return 0


def cmd_group_add_supervisor(args: argparse.Namespace) -> int:
    with open_session(args) as session, session.begin():
        group = lookup.group(session, id_or_name(args.group))
        user = lookup.user(session, id_or_name(args.user))
        changed = supervisors.set_supervisor(
            session=session, group_id=group.id, user_id=user.id, actor=cli_actor()
        )
        print(f"{user.username} {'now oversees' if changed else 'already oversees'} {group.name}")
    return 0


def cmd_group_remove_supervisor(args: argparse.Namespace) -> int:
    with open_session(args) as session, session.begin():
        group = lookup.group(session, id_or_name(args.group))
        user = lookup.user(session, id_or_name(args.user))
        supervisors.remove_supervisor(
            session=session, group_id=group.id, user_id=user.id, actor=cli_actor()
        )
        print(f"{user.username} no longer oversees {group.name}")
    return 0


def parse_hours(specs: list[str]) -> dict[str, list[dict[str, str]]]:
    """``["mon-fri 09:00-12:00,13:00-18:00", "sat 10:00-16:00"]`` → a weekly schedule;
    ``["always"]`` → round the clock."""
    from ticketdesk.common.models import WEEKDAYS

    if specs == ["always"]:
        return _always()
    weekly: dict[str, list[dict[str, str]]] = {}
    for spec in specs:
        days, _, spans = spec.strip().partition(" ")
        first, _, last = days.lower().partition("-")
        if first not in WEEKDAYS or (last and last not in WEEKDAYS) or not spans:
            raise SystemExit(
                f"cannot read working hours {spec!r}; write e.g. 'mon-fri 09:00-18:00'"
            )
        start, end = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
        for day in WEEKDAYS[start : end + 1]:
            for span in spans.replace(" ", "").split(","):
                begin, _, finish = span.partition("-")
                weekly.setdefault(day, []).append({"start": begin, "end": finish})
    return weekly


def cmd_group_set(args: argparse.Namespace) -> int:
    from ticketdesk.common.models import GroupUpdate, WorkingHours

    with open_session(args) as session, session.begin():
        group = lookup.group(session, id_or_name(args.group))
        current = WorkingHours.model_validate(group.working_hours)
        hours = current.model_dump(mode="json")
        if args.timezone:
            hours["timezone"] = args.timezone
        if args.hours:
            hours["weekly"] = parse_hours(args.hours)
        if args.clear_holidays:
            hours["holidays"] = []
        if args.holiday:
            hours["holidays"] = sorted({*hours["holidays"], *args.holiday})
        changes: dict[str, object] = {}
        if hours != current.model_dump(mode="json"):
            changes["working_hours"] = hours
        if args.accept_timeout is not None:
            changes["accept_timeout_seconds"] = args.accept_timeout
        if args.capacity is not None:
            changes["default_capacity"] = args.capacity
        updated = groups.update_group(
            session=session,
            group_id=group.id,
            actor=cli_actor(),
            data=GroupUpdate.model_validate(changes),
        )
        print(_describe(updated))
    return 0


def _describe(g: object) -> str:
    from ticketdesk.common.models import WEEKDAYS, GroupPublic

    assert isinstance(g, GroupPublic)
    wh = g.working_hours
    days = [
        f"{d} {','.join(f'{s.start}-{s.end}' for s in wh.weekly[d])}"
        for d in WEEKDAYS
        if d in wh.weekly
    ]
    holidays = ", ".join(d.isoformat() for d in wh.holidays) or "none"
    return (
        f"{g.name}: timezone {wh.timezone}; accept timeout {g.accept_timeout_seconds}s; "
        f"default capacity {g.default_capacity}\n  hours: {'; '.join(days) or 'never'}\n"
        f"  holidays: {holidays}"
    )


def cmd_group_show(args: argparse.Namespace) -> int:
    with open_session(args) as session, session.begin():
        group = lookup.group(session, id_or_name(args.group))
        print(_describe(groups.get_group(session=session, group_id=group.id)))
    return 0


def cmd_group_list(args: argparse.Namespace) -> int:
    with open_session(args) as session, session.begin():
        for g in groups.list_groups(session=session):
            load = g.load
            assert load is not None
            print(
                f"{g.id:>5}  {g.name:<20} members {load.members:>3} online {load.online:>3}  "
                f"queued {load.queued:>4}  timeout {g.accept_timeout_seconds}s  "
                f"capacity {g.default_capacity}  tz {g.working_hours.timezone}"
            )
    return 0

