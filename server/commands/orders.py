"""``orders import FILE.csv``: a bulk load of orders, all or nothing, errors by line."""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ticketdesk.common.models import OrderUpsert

from ..services import orders
from ..services.errors import DomainError
from .base import Command, cli_actor, open_session

COLUMNS = ("order_no", "updated_at", "customer_name", "customer_phone", "status", "owner",
           "amount", "items")
"""``order_no`` is required; ``items`` is a JSON list (``[{"sku", "name", "quantity",
"price"}]``); an empty cell is the column's default."""
ORDER_NO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$")


def add_commands(sub: argparse._SubParsersAction, command: Command) -> None:
    """Register these commands with the CLI's ``command(name, func, help)`` helper."""
    group = sub.add_parser("orders", help="orders from the order system").add_subparsers(
        dest="action", required=True)
    load = command("import", cmd_import, "load orders from a CSV file (UTF-8, a header row "
                   f"naming columns of: {', '.join(COLUMNS)}); all of them or none", group)
    load.add_argument("file", type=Path)


def _row(raw: dict[str, Any]) -> tuple[str, OrderUpsert]:
    order_no = (raw.get("order_no") or "").strip()
    if not ORDER_NO.match(order_no):
        raise ValueError(f"order_no {order_no!r}: 3 to 40 letters, digits, '-' or '_'")
    fields: dict[str, Any] = {k: v for k, v in raw.items() if k != "order_no" and v not in
                              (None, "")}
    if "amount" in fields:
        try:
            fields["amount"] = float(fields["amount"])
        except ValueError as exc:
            raise ValueError(f"amount {fields['amount']!r} is not a number") from exc
    if "items" in fields:
        try:
            fields["items"] = json.loads(fields["items"])
        except json.JSONDecodeError as exc:
            raise ValueError(f"items is not JSON: {exc.msg}") from exc
    if isinstance(fields.get("owner"), str) and fields["owner"].isdigit():
        fields["owner"] = int(fields["owner"])
    return order_no, OrderUpsert.model_validate(fields)


def _problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    return f"{where}: {first.get('msg')}" if where else str(first.get("msg"))


def cmd_import(args: argparse.Namespace) -> int:
    try:
        text = args.file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {args.file}: {exc}", file=sys.stderr)
        return 1
    reader = csv.DictReader(text.splitlines())
    unknown = [c for c in (reader.fieldnames or []) if c not in COLUMNS]
    if not reader.fieldnames or "order_no" not in reader.fieldnames or unknown:
        print(f"error: line 1: the header must name order_no and only these columns: "
              f"{', '.join(COLUMNS)}" + (f" (unknown: {', '.join(unknown)})" if unknown else ""),
              file=sys.stderr)
        return 1
    rows: list[tuple[int, str, OrderUpsert]] = []
    errors: list[str] = []
    for raw in reader:
        line = reader.line_num
        try:
            order_no, data = _row(raw)
            rows.append((line, order_no, data))
        except ValidationError as exc:
            errors.append(f"line {line}: {_problem(exc)}")
        except ValueError as exc:
            errors.append(f"line {line}: {exc}")
    created = replaced = stale = 0
    with open_session(args) as session:
        actor = cli_actor()
        for line, order_no, data in rows:
            if errors:
                break  # nothing will be written: only the file's own mistakes are listed
            try:
                with session.begin_nested():
                    done = orders.upsert_order(session=session, order_no=order_no, data=data,
                                               actor=actor)
            except DomainError as exc:
                errors.append(f"line {line}: {exc.message}")
                continue
            stale += done.stale
            created += done.created
            replaced += not done.created and not done.stale
        if errors:
            session.rollback()
            for error in errors:
                print(f"error: {error}", file=sys.stderr)
            print(f"nothing imported: {len(errors)} line(s) refused", file=sys.stderr)
            return 1
        session.commit()
    print(f"imported {len(rows)} orders: {created} new, {replaced} replaced, {stale} older "
          "than the data held (ignored)")
    return 0
