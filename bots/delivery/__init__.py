"""The sending side of the hub: workers that empty the outbox through channel senders."""
