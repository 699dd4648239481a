"""Shared by server and client: wire models, enums, the ticket workflow and field validation."""

API_VERSION = "1"
"""Major version of the HTTP/WebSocket API; a client refuses a server whose major differs."""
