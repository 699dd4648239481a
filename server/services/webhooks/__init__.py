"""Standard Webhooks: endpoints, the outbox written with each event, and its queue."""
