"""The TicketDesk desktop client (PySide6): net → state → models → views."""
