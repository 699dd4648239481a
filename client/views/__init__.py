"""Widgets and dialogs. Each gets the session (or the state) it shows in its constructor;
none talks to the network or keeps its own copy of the data."""
