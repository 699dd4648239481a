"""The ``ticketdesk-server`` sub-commands, one module per subject; ``server/cli`` builds the
parser from them and runs the chosen one."""
