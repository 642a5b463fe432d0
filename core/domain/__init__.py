"""Pure rules and states of the hub: no database, no channel."""
