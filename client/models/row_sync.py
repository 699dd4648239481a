"""Bring a model's rows (a list of keys, under one parent) to a new list with the fewest
structural signals: removals, then moves, then insertions — never a reset, so the views
keep their selection, scroll position and expanded rows while the data moves live."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex


def sync_rows(
    model: QAbstractItemModel, parent: QModelIndex, rows: list[Any], new: Sequence[Hashable]
) -> bool:
    """Change ``rows`` (the model's own list, edited in place between the begin/end calls)
    into ``new``; the keys are unique. Returns whether anything moved."""
    if rows == list(new):
        return False
    wanted = set(new)
    # 1. Removals, bottom up, in contiguous runs.
    end = len(rows) - 1
    while end >= 0:
        if rows[end] in wanted:
            end -= 1
            continue
        start = end
        while start > 0 and rows[start - 1] not in wanted:
            start -= 1
        model.beginRemoveRows(parent, start, end)
        del rows[start : end + 1]
        model.endRemoveRows()
        end = start - 1
    # 2. Moves: what stays takes the order it has in ``new``.
    kept = set(rows)
    target = [key for key in new if key in kept]
    for i, key in enumerate(target):
        if rows[i] != key:
            j = rows.index(key, i + 1)
            model.beginMoveRows(parent, j, j, parent, i)
            rows.insert(i, rows.pop(j))
            model.endMoveRows()
    # 3. Insertions, in contiguous runs.
    i = 0
    while i < len(new):
        if i < len(rows) and rows[i] == new[i]:
            i += 1
            continue
        run_end = i
        while run_end < len(new) and new[run_end] not in kept:
            run_end += 1
        model.beginInsertRows(parent, i, run_end - 1)
        rows[i:i] = new[i:run_end]
        model.endInsertRows()
        i = run_end
    return True
