"""The assignment engine: who gets which ticket, when."""
