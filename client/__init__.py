"""The TicketDesk desktop client (PySide6): net → state → models → views."""

from ._bool_refs import make_bools_immortal

make_bools_immortal()
