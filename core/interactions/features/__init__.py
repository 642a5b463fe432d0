"""One module per feature; each registers its commands, buttons and input handlers."""
