"""Channel-agnostic conversation: (sender, input) -> replies localized for the actor."""
