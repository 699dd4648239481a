"""Keeping an admin screen's table and its form on the same object: the one piece of
selection logic the users, groups and ticket-types screens share."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QHeaderView, QTableView


class KeyedRows(Protocol):
    def row_of(self, object_id: int) -> int: ...


def select_id(table: QTableView, model: KeyedRows, object_id: int) -> bool:
    """Select the row of ``object_id`` (the form follows); False when it is not listed."""
    row = model.row_of(object_id)
    if row < 0:
        return False
    table.selectRow(row)
    return True


def selected_row(table: QTableView) -> int | None:
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else None


def reselect_quietly(table: QTableView, model: KeyedRows, object_id: int | None) -> None:
    """After the model changed, select the object being edited again without the form
    being reloaded (and what the admin typed lost)."""
    if object_id is None:
        return
    row = model.row_of(object_id)
    if row >= 0:
        table.selectionModel().blockSignals(True)
        table.selectRow(row)
        table.selectionModel().blockSignals(False)


def fit_columns(table: QTableView, stretch: int) -> None:
    """Every column as wide as its contents (a key is never cut), column ``stretch`` (the
    name) taking the room that is left. Stretching all columns evenly truncated the keys."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
