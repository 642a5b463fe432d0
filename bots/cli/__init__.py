"""The `4p1000` command line."""
