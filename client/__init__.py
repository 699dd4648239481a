"""The TicketDesk desktop client (PySide6): net → state → models → views."""

import time

LOADED_AT = time.perf_counter()
"""When the client began to load: the start-up probe's clock where the process's own start
cannot be read (`ticketdesk.client.app.since_process_start_ms`)."""
