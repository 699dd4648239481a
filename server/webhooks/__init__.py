"""The webhook delivery loop of one server process."""
