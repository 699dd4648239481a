"""SLA clocks: due and warning times on the holding group's calendar (``clocks``), kept
right across the ticket's changes (``tracking``), and the escalations when they pass
(``escalation``)."""
